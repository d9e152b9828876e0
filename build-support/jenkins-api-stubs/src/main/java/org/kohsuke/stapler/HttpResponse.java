package org.kohsuke.stapler;

/** Stub of upstream {@code org.kohsuke.stapler.HttpResponse}: signatures only, see README.md. */
public interface HttpResponse {
    default public void generateResponse(org.kohsuke.stapler.StaplerRequest2 p0, org.kohsuke.stapler.StaplerResponse2 p1, Object p2) throws jakarta.servlet.ServletException, java.io.IOException {
    }
}
