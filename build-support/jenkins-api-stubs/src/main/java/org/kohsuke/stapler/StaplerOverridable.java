package org.kohsuke.stapler;

/** Stub of upstream {@code org.kohsuke.stapler.StaplerOverridable}: signatures only, see README.md. */
public interface StaplerOverridable {
}
