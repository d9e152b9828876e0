package org.kohsuke.accmod;

/** Stub of upstream {@code org.kohsuke.accmod.Restricted}: signatures only, see README.md. */
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
@org.jvnet.hudson.annotation_indexer.Indexed
public @interface Restricted {
    Class<? extends org.kohsuke.accmod.AccessRestriction>[] value();
}
