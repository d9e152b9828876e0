package org.kohsuke.stapler.interceptor;

/** Stub of upstream {@code org.kohsuke.stapler.interceptor.RequirePOST}: signatures only, see README.md. */
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
@java.lang.annotation.Target({java.lang.annotation.ElementType.FIELD, java.lang.annotation.ElementType.METHOD})
public @interface RequirePOST {
}
