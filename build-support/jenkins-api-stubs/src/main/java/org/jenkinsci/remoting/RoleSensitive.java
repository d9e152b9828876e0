package org.jenkinsci.remoting;

/** Stub of upstream {@code org.jenkinsci.remoting.RoleSensitive}: signatures only, see README.md. */
public interface RoleSensitive {
}
