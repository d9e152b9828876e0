package org.kohsuke.stapler;

/** Stub of upstream {@code org.kohsuke.stapler.HttpDeletable}: signatures only, see README.md. */
public interface HttpDeletable {
}
