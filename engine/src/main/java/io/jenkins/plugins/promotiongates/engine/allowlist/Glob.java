package io.jenkins.plugins.promotiongates.engine.allowlist;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A compiled glob. {@code *} matches any characters except {@code /}, {@code **} matches anything including
 * {@code /}, {@code ?} one character except {@code /}, {@code [abc]}, {@code [a-z]} and {@code [!a]} one
 * character of (or not of) a set, and {@code \} escapes the next character. Everything else is literal.
 * Compiled once when the policy loads; a glob without wildcards is a literal and compares with {@code equals}.
 */
public final class Glob {
    private final String text;
    private final String literalPrefix;
    private final boolean literal;
    private final Pattern pattern;

    private Glob(String text, String literalPrefix, boolean literal, Pattern pattern) {
        this.text = text;
        this.literalPrefix = literalPrefix;
        this.literal = literal;
        this.pattern = pattern;
    }

    /**
     * Compiles a glob.
     *
     * @throws IllegalArgumentException with the position and the problem when the glob is malformed
     */
    public static Glob compile(String text) {
        Objects.requireNonNull(text, "glob");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a glob must not be empty");
        }
        StringBuilder regex = new StringBuilder(text.length() + 16);
        StringBuilder prefix = new StringBuilder();
        boolean inPrefix = true;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("control character at index " + i);
            }
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= text.length()) {
                        throw new IllegalArgumentException("trailing '\\' at index " + i + " escapes nothing");
                    }
                    char escaped = text.charAt(i + 1);
                    regex.append(Pattern.quote(String.valueOf(escaped)));
                    if (inPrefix) {
                        prefix.append(escaped);
                    }
                    i += 2;
                }
                case '*' -> {
                    inPrefix = false;
                    if (i + 1 < text.length() && text.charAt(i + 1) == '*') {
                        if (i + 2 < text.length() && text.charAt(i + 2) == '*') {
                            throw new IllegalArgumentException("'***' at index " + i + ": use '*' or '**'");
                        }
                        regex.append(".*");
                        i += 2;
                    } else {
                        regex.append("[^/]*");
                        i++;
                    }
                }
                case '?' -> {
                    inPrefix = false;
                    regex.append("[^/]");
                    i++;
                }
                case '[' -> {
                    inPrefix = false;
                    i = appendClass(text, i, regex);
                }
                case ']' -> throw new IllegalArgumentException("unmatched ']' at index " + i);
                default -> {
                    regex.append(Pattern.quote(String.valueOf(c)));
                    if (inPrefix) {
                        prefix.append(c);
                    }
                    i++;
                }
            }
        }
        return new Glob(text, prefix.toString(), inPrefix, inPrefix ? null : Pattern.compile(regex.toString(),
                Pattern.DOTALL));
    }

    private static int appendClass(String text, int open, StringBuilder regex) {
        int i = open + 1;
        StringBuilder cls = new StringBuilder("[");
        if (i < text.length() && text.charAt(i) == '!') {
            cls.append('^');
            i++;
        }
        int members = 0;
        while (i < text.length() && text.charAt(i) != ']') {
            char c = text.charAt(i);
            if (c == '\\') {
                if (i + 1 >= text.length()) {
                    break;
                }
                c = text.charAt(++i);
            }
            if (c == '/') {
                throw new IllegalArgumentException("'/' inside the character class at index " + open);
            }
            if (i + 2 < text.length() && text.charAt(i + 1) == '-' && text.charAt(i + 2) != ']') {
                char to = text.charAt(i + 2);
                if (to < c) {
                    throw new IllegalArgumentException("reversed range '" + c + "-" + to + "' at index " + i);
                }
                cls.append(escapeInClass(c)).append('-').append(escapeInClass(to));
                i += 3;
            } else {
                cls.append(escapeInClass(c));
                i++;
            }
            members++;
        }
        if (i >= text.length()) {
            throw new IllegalArgumentException("unclosed '[' at index " + open);
        }
        if (members == 0) {
            throw new IllegalArgumentException("empty character class at index " + open);
        }
        // A negated class never matches '/', like '*' and '?'.
        if (cls.length() > 1 && cls.charAt(1) == '^') {
            cls.append("/");
        }
        regex.append(cls).append(']');
        return i + 1;
    }

    private static String escapeInClass(char c) {
        return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
    }

    public boolean matches(String value) {
        return literal ? literalPrefix.equals(value) : value.startsWith(literalPrefix) && pattern.matcher(value).matches();
    }

    /** True when the glob has no wildcard, so its {@link #literalPrefix()} can live in a hash set. */
    public boolean isLiteral() {
        return literal;
    }

    /** The literal text before the first wildcard (escapes resolved); the whole value for a literal. */
    public String literalPrefix() {
        return literalPrefix;
    }

    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Glob glob && glob.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
