package org.kohsuke.stapler;

/** Stub of upstream {@code org.kohsuke.stapler.DataBoundConstructor}: signatures only, see README.md. */
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
@java.lang.annotation.Target({java.lang.annotation.ElementType.CONSTRUCTOR})
public @interface DataBoundConstructor {
}
