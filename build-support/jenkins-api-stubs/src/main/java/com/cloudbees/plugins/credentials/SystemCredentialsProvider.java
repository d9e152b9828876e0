package com.cloudbees.plugins.credentials;

/** Stub of upstream {@code com.cloudbees.plugins.credentials.SystemCredentialsProvider}: signatures only, see README.md. */
public class SystemCredentialsProvider extends hudson.model.AbstractDescribableImpl<com.cloudbees.plugins.credentials.SystemCredentialsProvider> implements hudson.model.Saveable {
    public SystemCredentialsProvider() {
    }
    public java.util.List<com.cloudbees.plugins.credentials.Credentials> getCredentials() {
        return null;
    }
    public static com.cloudbees.plugins.credentials.SystemCredentialsProvider getInstance() {
        return null;
    }
}
