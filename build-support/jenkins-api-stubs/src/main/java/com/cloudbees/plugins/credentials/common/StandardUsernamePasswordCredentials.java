package com.cloudbees.plugins.credentials.common;

/** Stub of upstream {@code com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials}: signatures only, see README.md. */
public interface StandardUsernamePasswordCredentials extends com.cloudbees.plugins.credentials.common.StandardUsernameCredentials, com.cloudbees.plugins.credentials.common.UsernamePasswordCredentials {
}
