package com.cloudbees.plugins.credentials.domains;

/** Stub of upstream {@code com.cloudbees.plugins.credentials.domains.Domain}: signatures only, see README.md. */
public class Domain implements java.io.Serializable {
}
