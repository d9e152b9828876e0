package org.kohsuke.stapler;

/** Stub of upstream {@code org.kohsuke.stapler.StaplerFallback}: signatures only, see README.md. */
public interface StaplerFallback {
}
