package org.jenkinsci;

/** Stub of upstream {@code org.jenkinsci.Symbol}: signatures only, see README.md. */
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
@java.lang.annotation.Target({java.lang.annotation.ElementType.TYPE})
@org.jvnet.hudson.annotation_indexer.Indexed
public @interface Symbol {
    String[] value();
}
