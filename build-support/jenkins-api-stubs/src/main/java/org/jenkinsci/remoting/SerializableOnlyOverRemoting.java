package org.jenkinsci.remoting;

/** Stub of upstream {@code org.jenkinsci.remoting.SerializableOnlyOverRemoting}: signatures only, see README.md. */
public interface SerializableOnlyOverRemoting extends java.io.Serializable {
}
