package io.jenkins.plugins.promotiongates.engine.testresults;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.io.IOException;

/**
 * A JUnit report that cannot be trusted for counts: not well-formed, a DOCTYPE, an unexpected root element, or a
 * count that is not a non-negative whole number. The message starts with the report's name (and line when known).
 */
public final class MalformedReportException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String report;

    MalformedReportException(String report, String message, @CheckForNull Throwable cause) {
        super(report + ": " + message, cause);
        this.report = report;
    }

    /** The report's name as the caller gave it (a path, or a workspace-relative name). */
    public String report() {
        return report;
    }
}
