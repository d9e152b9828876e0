package io.jenkins.plugins.promotiongates.config;

import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The credential stores an admin trusts for policy-bound credential ids (global configuration, Administer only):
 * always the system store, plus the own store of each folder named here, by full name, one a line ({@code #} starts
 * a comment). Exact names, no globs: a folder created later, or renamed into place by whoever controls it, must not
 * become trusted by matching a pattern. Kept in the global configuration rather than in a folder property, because
 * the folder's owner (possibly the agent the gate holds back) configures the folder.
 *
 * @param folders the folders' full names, in the order given, without duplicates
 */
@Restricted(NoExternalUse.class)
public record CredentialStores(List<String> folders) {
    /** The default: the system store only. */
    public static final CredentialStores SYSTEM_ONLY = new CredentialStores(List.of());

    public CredentialStores {
        folders = List.copyOf(folders);
    }

    /** Parses the text; a malformed line is an {@link IllegalArgumentException} naming the line and what is wrong. */
    public static CredentialStores parse(String text) {
        List<String> folders = new ArrayList<>();
        String[] lines = text == null ? new String[0] : text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String problem = problem(line);
            if (problem != null) {
                throw new IllegalArgumentException("credential stores, line " + (i + 1) + ": '" + printable(line)
                        + "' " + problem + "; expected a folder's full name, e.g. team/production");
            }
            if (!folders.contains(line)) {
                folders.add(line);
            }
        }
        return new CredentialStores(folders);
    }

    private static String problem(String name) {
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT) {
                return "contains the control or format character U+" + String.format(Locale.ROOT, "%04X", cp);
            }
            i += Character.charCount(cp);
        }
        if (name.contains("*") || name.contains("?")) {
            return "is a pattern: name each folder exactly";
        }
        if (name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
            return "has an empty path segment";
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..") || !segment.equals(segment.strip())) {
                return "has the segment '" + segment + "'";
            }
        }
        return null;
    }

    private static String printable(String line) {
        StringBuilder out = new StringBuilder();
        line.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            out.append(type == Character.CONTROL || type == Character.FORMAT
                    ? String.format(Locale.ROOT, "\\u%04X", cp) : new String(Character.toChars(cp)));
        });
        return out.toString();
    }

    /** For the record: {@code system} and {@code folder:<name>} per named folder. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add("system");
        folders.forEach(f -> names.add("folder:" + f));
        return names;
    }
}
