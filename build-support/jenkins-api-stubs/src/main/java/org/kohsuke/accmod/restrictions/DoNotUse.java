package org.kohsuke.accmod.restrictions;

/** Stub of upstream {@code org.kohsuke.accmod.restrictions.DoNotUse}: signatures only, see README.md. */
public class DoNotUse extends org.kohsuke.accmod.AccessRestriction {
}
