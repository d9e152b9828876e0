package com.cloudbees.plugins.credentials.common;

/** Stub of upstream {@code com.cloudbees.plugins.credentials.common.StandardCredentials}: signatures only, see README.md. */
public interface StandardCredentials extends com.cloudbees.plugins.credentials.common.IdCredentials {
}
