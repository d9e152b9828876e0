package io.jenkins.plugins.promotiongates.engine.policy;

import java.util.Objects;

/**
 * Where something is in a policy file (like JCasC's {@code Source}); line and column start at 1, 0 means unknown.
 *
 * @param file   the file name or source name given to the loader
 * @param line   1-based line
 * @param column 1-based column
 */
public record Location(String file, int line, int column) {
    public Location {
        Objects.requireNonNull(file, "file");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must not be negative");
        }
    }

    /** {@code file:line:column}, the form editors and CI annotations understand. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
