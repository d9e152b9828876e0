package com.cloudbees.plugins.credentials.common;

/** Stub of upstream {@code com.cloudbees.plugins.credentials.common.UsernamePasswordCredentials}: signatures only, see README.md. */
public interface UsernamePasswordCredentials extends com.cloudbees.plugins.credentials.common.PasswordCredentials, com.cloudbees.plugins.credentials.common.UsernameCredentials {
}
