package com.cloudbees.plugins.credentials;

/** Stub of upstream {@code com.cloudbees.plugins.credentials.Credentials}: signatures only, see README.md. */
public interface Credentials extends hudson.ExtensionPoint, hudson.model.Describable<com.cloudbees.plugins.credentials.Credentials>, java.io.Serializable {
}
