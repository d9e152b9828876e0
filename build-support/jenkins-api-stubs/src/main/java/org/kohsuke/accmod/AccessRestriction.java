package org.kohsuke.accmod;

/** Stub of upstream {@code org.kohsuke.accmod.AccessRestriction}: signatures only, see README.md. */
abstract public class AccessRestriction {
}
