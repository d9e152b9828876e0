package org.jenkinsci.plugins.plaincredentials;

/** Stub of upstream {@code org.jenkinsci.plugins.plaincredentials.StringCredentials}: signatures only, see README.md. */
public interface StringCredentials extends com.cloudbees.plugins.credentials.common.StandardCredentials {
    abstract public hudson.util.Secret getSecret();
}
