package io.jenkins.plugins.promotiongates.credentials;

import java.util.Comparator;
import java.util.List;

/** Replaces bound secret values with {@code ****} in log text; longest first so a secret containing another is masked whole. */
public final class SecretMasker {
    private final List<String> secrets;

    public SecretMasker(List<String> secrets) {
        this.secrets = secrets.stream().filter(s -> !s.isEmpty()).sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    public String mask(String text) {
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, "****");
        }
        return masked;
    }
}
