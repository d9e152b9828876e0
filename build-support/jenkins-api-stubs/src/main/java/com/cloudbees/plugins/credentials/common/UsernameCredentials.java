package com.cloudbees.plugins.credentials.common;

/** Stub of upstream {@code com.cloudbees.plugins.credentials.common.UsernameCredentials}: signatures only, see README.md. */
public interface UsernameCredentials extends com.cloudbees.plugins.credentials.Credentials {
    abstract public String getUsername();
}
