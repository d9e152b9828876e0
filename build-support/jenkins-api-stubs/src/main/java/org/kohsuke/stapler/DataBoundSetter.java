package org.kohsuke.stapler;

/** Stub of upstream {@code org.kohsuke.stapler.DataBoundSetter}: signatures only, see README.md. */
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
@java.lang.annotation.Target({java.lang.annotation.ElementType.FIELD, java.lang.annotation.ElementType.METHOD})
public @interface DataBoundSetter {
}
