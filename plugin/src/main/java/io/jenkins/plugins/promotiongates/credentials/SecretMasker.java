package io.jenkins.plugins.promotiongates.credentials;

import java.util.Comparator;
import java.util.List;

/**
 * Replaces bound secret values, and the forms {@link SecretPatterns} derives from them, with {@code ****} in log text
 * and exception messages; longest first so a secret containing another is masked whole.
 */
public final class SecretMasker {
    private final List<String> forms;

    public SecretMasker(List<String> secrets) {
        this.forms = SecretPatterns.encodedForms(secrets).stream()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public String mask(String text) {
        String masked = text;
        for (String form : forms) {
            masked = masked.replace(form, "****");
        }
        return masked;
    }

    /** Whether the text holds a secret in any of its forms. */
    boolean reveals(String text) {
        return forms.stream().anyMatch(text::contains);
    }

    /**
     * How many characters at the end of {@code text} could be the start of a secret (the longest suffix that is a
     * proper prefix of a form): a flush keeps them back until the rest of the line shows whether they are one.
     */
    int undecidedTail(String text) {
        int longest = 0;
        for (String form : forms) {
            for (int length = Math.min(form.length() - 1, text.length()); length > longest; length--) {
                if (text.regionMatches(text.length() - length, form, 0, length)) {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }
}
