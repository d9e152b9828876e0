package org.kohsuke.stapler;

/** Stub of upstream {@code org.kohsuke.stapler.QueryParameter}: signatures only, see README.md. */
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
@java.lang.annotation.Target({java.lang.annotation.ElementType.PARAMETER})
public @interface QueryParameter {
    String value() default "";
    boolean fixEmpty() default false;
    boolean required() default false;
}
