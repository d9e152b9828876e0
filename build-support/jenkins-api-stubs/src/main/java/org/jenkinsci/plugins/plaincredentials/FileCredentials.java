package org.jenkinsci.plugins.plaincredentials;

/** Stub of upstream {@code org.jenkinsci.plugins.plaincredentials.FileCredentials}: signatures only, see README.md. */
public interface FileCredentials extends com.cloudbees.plugins.credentials.common.StandardCredentials {
    abstract public String getFileName();
    abstract public java.io.InputStream getContent() throws java.io.IOException;
}
