package io.jenkins.plugins.promotiongates.engine.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Ten thousand rules load, and lookups stay exact at either end of the lists. */
class PolicyScaleTest {
    @Test
    void shouldLoadAndMatchTenThousandRules() throws PolicyValidationException {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: promotion-gates/v1
                trustedRoots: [{name: pg, path: pg.json, sha256: 6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66}]
                environments:
                  - name: production
                    actions: [promote]
                    signature:
                      identities:
                """);
        for (int i = 0; i < 5000; i++) {
            yaml.append("        - {san: 'https://github.com/acme/svc-").append(i)
                    .append("/.github/workflows/release.yml@refs/tags/v1', issuer: 'https://issuer'}\n");
        }
        yaml.append("    allowlist:\n      jobs:\n");
        for (int i = 0; i < 5000; i++) {
            yaml.append("        - 'team-").append(i).append("/**'\n");
        }

        Policy policy = PolicyLoader.parse(yaml.toString(), "big.yaml", java.nio.file.Path.of("."));

        EnvironmentPolicy production = policy.environment("production").orElseThrow();
        SignatureRule signature = production.signature().orElseThrow();
        assertThat(signature.identities()).hasSize(5000);
        assertThat(signature.match("https://github.com/acme/svc-4999/.github/workflows/release.yml@refs/tags/v1",
                "https://issuer")).isEqualTo(SignatureRule.Match.MATCHED);
        assertThat(signature.match("https://github.com/acme/svc-0/.github/workflows/release.yml@refs/tags/v1",
                "https://other")).isEqualTo(SignatureRule.Match.ISSUER_MISMATCH);
        assertThat(signature.match("https://github.com/acme/svc-5000/.github/workflows/release.yml@refs/tags/v1",
                "https://issuer")).isEqualTo(SignatureRule.Match.IDENTITY_MISMATCH);
        assertThat(production.allowlist().orElseThrow().jobs().firstMatch("team-4999/app/main"))
                .isEqualTo("team-4999/**");
        assertThat(production.allowlist().orElseThrow().jobs().matches("team-5000/app")).isFalse();
    }
}
