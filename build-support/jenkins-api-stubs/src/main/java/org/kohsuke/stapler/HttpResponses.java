package org.kohsuke.stapler;

/** Stub of upstream {@code org.kohsuke.stapler.HttpResponses}: signatures only, see README.md. */
public class HttpResponses {
    public static org.kohsuke.stapler.HttpRedirect redirectTo(String p0) {
        return null;
    }
    public static org.kohsuke.stapler.HttpRedirect redirectTo(int p0, String p1) {
        return null;
    }
    public static org.kohsuke.stapler.HttpResponse text(String p0) {
        return null;
    }
    public static org.kohsuke.stapler.HttpResponses.HttpResponseException errorWithoutStack(int p0, String p1) {
        return null;
    }
    public static org.kohsuke.stapler.HttpResponses.HttpResponseException forbidden() {
        return null;
    }
    public static org.kohsuke.stapler.HttpResponses.HttpResponseException ok() {
        return null;
    }
    public static org.kohsuke.stapler.HttpResponses.HttpResponseException status(int p0) {
        return null;
    }

    abstract public static class HttpResponseException extends RuntimeException implements org.kohsuke.stapler.HttpResponse {
        public HttpResponseException() {
        }
        public HttpResponseException(String p0) {
            super(p0);
        }
        public HttpResponseException(String p0, Throwable p1) {
            super(p0, p1);
        }
        public HttpResponseException(Throwable p0) {
            super(p0);
        }
    }
}
