package io.jenkins.plugins.promotiongates.engine.entitlement;

import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input never makes the verifier throw or accept (a jqwik property; coverage-guided fuzzing of the
 * entitlement parser belongs with the other Jazzer targets, whose agent start-up is too slow for every build).
 */
class EntitlementPropertyTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T02:00:00Z"), ZoneOffset.UTC);
    private static final BrokerKeyPair KEY = BrokerKeyPair.generate("broker-1", "EdDSA");
    private static final EntitlementVerifier VERIFIER = new EntitlementVerifier(new EntitlementSettings(
            List.of(KEY.trustedBroker(null)), Duration.ofSeconds(30), Duration.ofHours(1)), CLOCK);

    @Property(tries = 300)
    void shouldNeverThrowNorAcceptArbitraryTokens(@ForAll("tokens") String token) {
        EntitlementEvidence evidence = VERIFIER.verify(token);

        assertThat(evidence.valid()).isFalse();
        assertThat(evidence.detail()).isNotEmpty();
    }

    @Provide
    Arbitrary<String> tokens() {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        Arbitrary<String> json = Arbitraries.strings().withChars("{}[]\":,0123456789abcdefkidalgnoeES256EdDSA ")
                .ofMaxLength(200).map(s -> encoder.encodeToString(s.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<String> part = Arbitraries.oneOf(json, Arbitraries.strings().withCharRange('A', 'z')
                .ofMaxLength(100));
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300),
                net.jqwik.api.Combinators.combine(part, part, part).as((a, b, c) -> a + "." + b + "." + c));
    }
}
