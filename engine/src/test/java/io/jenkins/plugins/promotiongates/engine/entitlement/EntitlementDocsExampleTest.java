package io.jenkins.plugins.promotiongates.engine.entitlement;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples in docs/agents.md are real: the claims verify and the key configuration parses. */
class EntitlementDocsExampleTest {
    private static final Clock ISSUE_TIME = Clock.fixed(Instant.parse("2026-11-25T02:00:00Z"), ZoneOffset.UTC);

    private static List<String> jsonBlocks() throws Exception {
        Path docs = Path.of("..", "docs", "agents.md");
        if (!Files.exists(docs)) {
            docs = Path.of("docs", "agents.md");
        }
        List<String> blocks = new ArrayList<>();
        String text = Files.readString(docs, StandardCharsets.UTF_8);
        int start = text.indexOf("```json\n");
        while (start >= 0) {
            int end = text.indexOf("```", start + 8);
            blocks.add(text.substring(start + 8, end));
            start = text.indexOf("```json\n", end + 3);
        }
        return blocks;
    }

    @Test
    void shouldVerifyTheDocumentedClaimsWhenSignedByATrustedBroker() throws Exception {
        Map<String, Object> claims = JSONObjectUtils.parse(jsonBlocks().get(0));
        BrokerKeyPair key = BrokerKeyPair.generate("broker-2026-11", "EdDSA");
        String token = new EntitlementMinter(key, "https://broker.example", ISSUE_TIME)
                .sign(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(key.keyId()).build(), claims);
        EntitlementVerifier verifier = new EntitlementVerifier(new EntitlementSettings(
                List.of(key.trustedBroker("https://broker.example")), Duration.ofSeconds(30), Duration.ofHours(1)),
                ISSUE_TIME);

        EntitlementEvidence evidence = verifier.verify(token);

        assertThat(evidence.valid()).as(evidence.detail()).isTrue();
        assertThat(evidence.agentId()).isEqualTo("docs-refactor-042");
        assertThat(evidence.environments()).containsExactly("staging");
        assertThat(evidence.expiresAt()).isEqualTo(Instant.parse("2026-11-25T02:30:00Z"));
    }

    @Test
    void shouldAcceptTheDocumentedPublicKeyConfiguration() throws Exception {
        TrustedBroker broker = new TrustedBroker("broker-2026-11", "EdDSA", jsonBlocks().get(1),
                "https://broker.example");

        assertThat(new EntitlementVerifier(new EntitlementSettings(List.of(broker), Duration.ofSeconds(30),
                Duration.ofHours(1)), ISSUE_TIME)).isNotNull();
    }
}
