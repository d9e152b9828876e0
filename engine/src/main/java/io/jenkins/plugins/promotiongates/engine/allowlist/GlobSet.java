package io.jenkins.plugins.promotiongates.engine.allowlist;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A set of globs indexed for matching speed that stays flat as the set grows: literal entries sit in a hash
 * set, and wildcard globs are bucketed by their literal prefix, so a lookup costs one hash probe per distinct
 * prefix length instead of one regex per glob.
 */
public final class GlobSet {
    private static final GlobSet EMPTY = new GlobSet(List.of());

    private final List<Glob> globs;
    private final Map<String, String> literals;
    private final Map<String, List<Glob>> byPrefix;
    private final int[] prefixLengths;

    private GlobSet(List<Glob> globs) {
        this.globs = List.copyOf(globs);
        Map<String, String> exact = new HashMap<>();
        Map<String, List<Glob>> buckets = new HashMap<>();
        TreeSet<Integer> lengths = new TreeSet<>();
        for (Glob glob : this.globs) {
            if (glob.isLiteral()) {
                exact.putIfAbsent(glob.literalPrefix(), glob.text());
            } else {
                buckets.computeIfAbsent(glob.literalPrefix(), key -> new ArrayList<>()).add(glob);
                lengths.add(glob.literalPrefix().length());
            }
        }
        this.literals = Map.copyOf(exact);
        Map<String, List<Glob>> frozen = new HashMap<>();
        buckets.forEach((key, value) -> frozen.put(key, List.copyOf(value)));
        this.byPrefix = Map.copyOf(frozen);
        this.prefixLengths = lengths.stream().mapToInt(Integer::intValue).toArray();
    }

    public static GlobSet of(List<Glob> globs) {
        return globs.isEmpty() ? EMPTY : new GlobSet(globs);
    }

    /** Compiles every text as a glob; throws {@link IllegalArgumentException} for the first malformed one. */
    public static GlobSet compile(List<String> texts) {
        List<Glob> compiled = new ArrayList<>(texts.size());
        for (String text : texts) {
            compiled.add(Glob.compile(text));
        }
        return of(compiled);
    }

    public static GlobSet empty() {
        return EMPTY;
    }

    public boolean matches(String value) {
        return firstMatch(value) != null;
    }

    /** The text of a glob that matches the value, or null when none does. */
    @CheckForNull
    public String firstMatch(String value) {
        String literal = literals.get(value);
        if (literal != null) {
            return literal;
        }
        for (int length : prefixLengths) {
            if (length > value.length()) {
                break;
            }
            List<Glob> candidates = byPrefix.get(value.substring(0, length));
            if (candidates != null) {
                for (Glob glob : candidates) {
                    if (glob.matches(value)) {
                        return glob.text();
                    }
                }
            }
        }
        return null;
    }

    public boolean isEmpty() {
        return globs.isEmpty();
    }

    public int size() {
        return globs.size();
    }

    /** The globs as written in the policy, in policy order. */
    public List<String> texts() {
        return globs.stream().map(Glob::text).toList();
    }

    /** The first few globs for a message: people need an example, not ten thousand entries. */
    public String summary() {
        List<String> texts = texts();
        int shown = Math.min(texts.size(), 5);
        String head = String.join(", ", texts.subList(0, shown));
        return texts.size() > shown ? head + ", … (" + texts.size() + " in all)" : head;
    }

    @Override
    public String toString() {
        return texts().toString();
    }
}
