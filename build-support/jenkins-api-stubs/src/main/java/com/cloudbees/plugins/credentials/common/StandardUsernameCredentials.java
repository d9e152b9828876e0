package com.cloudbees.plugins.credentials.common;

/** Stub of upstream {@code com.cloudbees.plugins.credentials.common.StandardUsernameCredentials}: signatures only, see README.md. */
public interface StandardUsernameCredentials extends com.cloudbees.plugins.credentials.common.StandardCredentials, com.cloudbees.plugins.credentials.common.UsernameCredentials {
}
