package org.kohsuke.stapler;

/** Stub of upstream {@code org.kohsuke.stapler.StaplerResponse2}: signatures only, see README.md. */
public interface StaplerResponse2 extends jakarta.servlet.http.HttpServletResponse {
}
