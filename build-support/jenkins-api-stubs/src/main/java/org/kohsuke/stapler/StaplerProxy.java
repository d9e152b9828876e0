package org.kohsuke.stapler;

/** Stub of upstream {@code org.kohsuke.stapler.StaplerProxy}: signatures only, see README.md. */
public interface StaplerProxy {
}
