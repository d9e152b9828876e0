package org.kohsuke.stapler.export;

/** Stub of upstream {@code org.kohsuke.stapler.export.CustomExportedBean}: signatures only, see README.md. */
public interface CustomExportedBean {
}
