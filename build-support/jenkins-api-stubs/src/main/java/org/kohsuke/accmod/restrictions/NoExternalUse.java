package org.kohsuke.accmod.restrictions;

/** Stub of upstream {@code org.kohsuke.accmod.restrictions.NoExternalUse}: signatures only, see README.md. */
public class NoExternalUse extends org.kohsuke.accmod.restrictions.DoNotUse {
    public NoExternalUse() {
    }
}
