package io.jenkins.plugins.promotiongates.engine.policy;

import java.util.List;
import java.util.Objects;

/**
 * One problem found while loading a policy.
 *
 * @param location      where it is
 * @param path          the key path, e.g. {@code environments[2].windows.weekly[0].start}
 * @param message       what is wrong, with the expected and the actual value
 * @param allowedValues the values that would be accepted, when there is a closed set (e.g. known keys)
 */
public record PolicyError(Location location, String path, String message, List<String> allowedValues) {
    public PolicyError {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        allowedValues = List.copyOf(allowedValues);
    }

    /** {@code file:line:col: path: message}. */
    @Override
    public String toString() {
        return location + ": " + (path.isEmpty() ? "(document)" : path) + ": " + message;
    }
}
