package org.kohsuke.stapler.verb;

/** Stub of upstream {@code org.kohsuke.stapler.verb.POST}: signatures only, see README.md. */
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
@java.lang.annotation.Target({java.lang.annotation.ElementType.METHOD})
public @interface POST {
}
