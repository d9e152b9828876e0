package io.jenkins.plugins.promotiongates.credentials;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The forms in which a bound secret may show up in a log, so that each is masked, as credentials-binding's
 * {@code SecretPatterns} and its {@code SecretPatternFactory} extensions do: the literal value, the shell-quoted
 * forms {@code bash -x} prints ({@code '\''} for a quote, the whole value in single quotes, backslash escapes
 * removed), a Make/Compose-style doubled {@code $$}, and its Base64 encodings (standard and URL-safe, at each of
 * the three byte alignments it can take inside a longer encoded text). Forms shorter than three characters are not
 * masked (they would mask ordinary text). Longest first, so that a form containing another is masked whole.
 */
final class SecretPatterns {
    static final int MINIMUM_LENGTH = 3;

    private SecretPatterns() {
    }

    static List<String> encodedForms(Collection<String> secrets) {
        Set<String> forms = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret.isEmpty()) {
                continue;
            }
            forms.add(secret);
            String quoted = secret.replace("'", "'\\''");
            forms.add(quoted);
            forms.add("'" + quoted + "'");
            forms.add(secret.replaceAll("\\\\(\\\\?)", "$1"));
            if (secret.contains("$")) {
                forms.add(secret.replace("$", "$$"));
            }
            forms.addAll(base64Forms(secret));
        }
        List<String> sorted = new ArrayList<>();
        for (String form : forms) {
            if (form.length() >= MINIMUM_LENGTH) {
                sorted.add(form);
            }
        }
        sorted.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        return sorted;
    }

    /**
     * A secret encoded inside a longer Base64 text starts at byte offset 0, 1 or 2 of a 3-byte group: encode it
     * behind 0-2 filler bytes and drop the characters the filler produced, and drop the last, incomplete character
     * before any padding.
     */
    private static List<String> base64Forms(String secret) {
        List<String> forms = new ArrayList<>();
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
            for (int shift = 0; shift < 3; shift++) {
                byte[] shifted = new byte[shift + bytes.length];
                System.arraycopy(bytes, 0, shifted, shift, bytes.length);
                String encoded = encoder.encodeToString(shifted);
                // each filler byte spoils the first two characters of the group it shares
                String body = shift == 0 ? encoded : encoded.substring(Math.min(encoded.length(), 2 * shift));
                forms.add(body);
                forms.add(withoutPadding(body));
            }
        }
        return forms;
    }

    private static String withoutPadding(String encoded) {
        if (encoded.endsWith("==")) {
            return encoded.substring(0, Math.max(0, encoded.length() - 3));
        }
        if (encoded.endsWith("=")) {
            return encoded.substring(0, Math.max(0, encoded.length() - 2));
        }
        return encoded;
    }
}
