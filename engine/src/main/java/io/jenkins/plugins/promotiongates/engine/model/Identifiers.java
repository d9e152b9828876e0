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

    /**
     * Free text from outside (ids, names): non-empty, bounded, no control or invisible characters (see
     * {@link #forbiddenCodePoint}), the code point named in the error.
     */
    public static String requireSafeText(String what, String value, int maxLength) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(what + " is " + value.length() + " characters long; at most "
                    + maxLength + " are allowed");
        }
        int index = forbiddenCodePoint(value, false);
        if (index >= 0) {
            throw new IllegalArgumentException(what + " '" + printable(value) + "' contains "
                    + describeCodePointAt(value, index) + " at index " + index);
        }
        return value;
    }

    /**
     * The index of the first code point that must not be part of a name, id, group, SAN or issuer, or -1: control
     * characters (category Cc, e.g. NUL, newline; tab, line feed and carriage return only when
     * {@code allowLineBreaks}), format characters (Cf: bidirectional overrides such as U+202E, zero-width spaces and
     * joiners, which make two different strings look the same), line and paragraph separators (Zl, Zp: U+2028 ends a
     * line in JavaScript and some log viewers) and unpaired surrogates.
     */
    public static int forbiddenCodePoint(String value, boolean allowLineBreaks) {
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            boolean lineBreak = codePoint == '\t' || codePoint == '\n' || codePoint == '\r';
            if (!(allowLineBreaks && lineBreak) && isForbidden(codePoint)) {
                return i;
            }
            i += Character.charCount(codePoint);
        }
        return -1;
    }

    private static boolean isForbidden(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }

    /** What the code point at {@code index} is, for an error: "a format character, U+202E (RIGHT-TO-LEFT OVERRIDE)". */
    public static String describeCodePointAt(String value, int index) {
        int codePoint = value.codePointAt(index);
        String kind = switch (Character.getType(codePoint)) {
            case Character.CONTROL -> "a control character";
            case Character.FORMAT -> "an invisible format character";
            case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> "a line or paragraph separator";
            case Character.SURROGATE -> "an unpaired surrogate";
            default -> "the character";
        };
        String name = Character.getName(codePoint);
        return kind + ", " + String.format(java.util.Locale.ROOT, "U+%04X", codePoint)
                + (name == null ? "" : " (" + name + ")") + ",";
    }

    /** The value with control and invisible characters escaped and cut to 80 characters, safe to put in a message. */
    public static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 80; i++) {
            char c = value.charAt(i);
            if (isForbidden(c)) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return value.length() > 80 ? out + "…" : out.toString();
    }
}
