package org.kohsuke.stapler;

/** Stub of upstream {@code org.kohsuke.stapler.HttpRedirect}: signatures only, see README.md. */
final public class HttpRedirect extends RuntimeException implements org.kohsuke.stapler.HttpResponse {
}
