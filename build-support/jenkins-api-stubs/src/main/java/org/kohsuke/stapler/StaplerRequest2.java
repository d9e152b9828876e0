package org.kohsuke.stapler;

/** Stub of upstream {@code org.kohsuke.stapler.StaplerRequest2}: signatures only, see README.md. */
public interface StaplerRequest2 extends jakarta.servlet.http.HttpServletRequest {
}
