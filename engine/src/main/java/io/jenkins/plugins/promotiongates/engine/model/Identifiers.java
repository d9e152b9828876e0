package io.jenkins.plugins.promotiongates.engine.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Validation of names that come from step parameters and agents. Hostile input (newlines that forge log
 * lines, path or glob characters in environment names, megabyte strings) is refused at the boundary.
 */
public final class Identifiers {
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private Identifiers() {
    }

    /** Environment names are lower-case words with dashes: no path, glob or control characters. */
    public static String requireEnvironmentName(String name) {
        Objects.requireNonNull(name, "environment");
        if (!ENVIRONMENT.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid environment name '" + printable(name)
                    + "': expected a lower-case letter followed by up to 62 letters, digits or dashes");
        }
        return name;
    }

    /** Free text from outside (ids, names): non-empty, bounded, no control characters. */
    public static String requireSafeText(String what, String value, int maxLength) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(what + " is " + value.length() + " characters long; at most "
                    + maxLength + " are allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(what + " '" + printable(value) + "' contains a control character at index " + i);
            }
        }
        return value;
    }

    /** The value with control characters escaped and cut to 80 characters, safe to put in a message. */
    public static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 80; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return value.length() > 80 ? out + "…" : out.toString();
    }
}
