package io.jenkins.plugins.casc.misc.junit.jupiter;

/** Stub of upstream {@code io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode}: signatures only, see README.md. */
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
@java.lang.annotation.Target({java.lang.annotation.ElementType.METHOD, java.lang.annotation.ElementType.TYPE})
public @interface WithJenkinsConfiguredWithCode {
}
