package com.cloudbees.plugins.credentials.common;

/** Stub of upstream {@code com.cloudbees.plugins.credentials.common.PasswordCredentials}: signatures only, see README.md. */
public interface PasswordCredentials extends com.cloudbees.plugins.credentials.Credentials {
    abstract public hudson.util.Secret getPassword();
}
