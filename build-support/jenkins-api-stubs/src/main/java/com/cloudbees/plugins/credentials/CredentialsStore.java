package com.cloudbees.plugins.credentials;

/** Stub of upstream {@code com.cloudbees.plugins.credentials.CredentialsStore}: signatures only, see README.md. */
abstract public class CredentialsStore implements hudson.model.Saveable, hudson.security.AccessControlled {
    abstract public hudson.model.ModelObject getContext();
    abstract public java.util.List<com.cloudbees.plugins.credentials.Credentials> getCredentials(com.cloudbees.plugins.credentials.domains.Domain p0);
    public java.util.List<com.cloudbees.plugins.credentials.domains.Domain> getDomains() {
        return null;
    }
}
