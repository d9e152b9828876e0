package io.jenkins.plugins.casc.misc;

/** Stub of upstream {@code io.jenkins.plugins.casc.misc.ConfiguredWithCode}: signatures only, see README.md. */
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
@java.lang.annotation.Target({java.lang.annotation.ElementType.FIELD, java.lang.annotation.ElementType.METHOD})
public @interface ConfiguredWithCode {
    String[] value();
}
