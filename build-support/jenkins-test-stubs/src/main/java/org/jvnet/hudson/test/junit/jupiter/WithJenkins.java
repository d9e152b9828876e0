package org.jvnet.hudson.test.junit.jupiter;

/** Stub of upstream {@code org.jvnet.hudson.test.junit.jupiter.WithJenkins}: signatures only, see README.md. */
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
@java.lang.annotation.Target({java.lang.annotation.ElementType.METHOD, java.lang.annotation.ElementType.TYPE})
public @interface WithJenkins {
}
