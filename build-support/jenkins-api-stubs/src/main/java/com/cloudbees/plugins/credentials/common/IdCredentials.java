package com.cloudbees.plugins.credentials.common;

/** Stub of upstream {@code com.cloudbees.plugins.credentials.common.IdCredentials}: signatures only, see README.md. */
public interface IdCredentials extends com.cloudbees.plugins.credentials.Credentials {
    abstract public String getId();
}
