package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.ledger.PromotionHistory;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ProvenanceEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.model.SignatureEvidence;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyValidationException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the gate over a fixed policy and generated requests: whatever the evidence, a failed required check
 * never ends in an allow, and a stricter policy (a deny rule added) never turns a denial into an allow.
 */
class GateEvaluatorPropertyTest {
    private static final String IDENTITY = "https://github.com/sigstore/sigstore-java/.github/workflows/"
            + "release-sigstore-java-from-tag.yaml@refs/tags/v1.0.0";
    private static final String ISSUER = "https://token.actions.githubusercontent.com";
    private static final String BUILDER = "https://github.com/slsa-framework/slsa-github-generator/.github/"
            + "workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0";
    private static final String POLICY = """
            apiVersion: promotion-gates/v1
            trustedRoots:
              - name: public-good
                path: trusted-roots/public-good.json
                sha256: 6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66
            environments:
              - name: staging
                actions: [promote]
                agents: allowed
                signature:
                  identities:
                    - san: %1$s
                      issuer: %2$s
                provenance:
                  builderIds: ['https://github.com/slsa-framework/slsa-github-generator/**']
                  sourceRepositories: [github.com/sigstore/sigstore-java]
                  refs: ['refs/tags/v*']
                allowlist:
                  artifacts: ['@ARTIFACTS@']
                tests:
                  required: true
                  maxFailures: 0
                rollbackPlan:
                  required: true
              - name: production
                actions: [promote]
                agents: never
                signature:
                  identities:
                    - san: %1$s
                      issuer: %2$s
                allowlist:
                  artifacts: ['@ARTIFACTS@']
                windows:
                  timeZone: Europe/Berlin
                  weekly:
                    - days: [MON-FRI]
                      start: '09:00'
                      end: '17:00'
                order:
                  after: staging
                  soakMinutes: 60
                tests:
                  required: true
                  maxFailures: 0
            """.formatted(IDENTITY, ISSUER);
    private static final Policy BASE = parse(POLICY.replace("@ARTIFACTS@", "*"));
    /** The same policy plus a deny rule: an artifact allowlist that excludes every generated artifact. */
    private static final Policy STRICTER = parse(POLICY.replace("@ARTIFACTS@", "approved-only-*"));
    private static final Instant MONDAY = Instant.parse("2026-11-23T00:00:00Z");
    private static final List<Digest> DIGESTS = List.of(Digest.sha256("a".repeat(64)), Digest.sha256("b".repeat(64)),
            Digest.sha256("c".repeat(64)));

    private static Policy parse(String yaml) {
        try {
            return PolicyLoader.parse(yaml, "property-policy.yaml", Path.of("src/test/resources/fixtures"));
        } catch (PolicyValidationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** One generated situation: a request, the ledger's answer and the time of the gate. */
    record Case(PromotionRequest request, Set<Digest> deployedToStaging, long deployedMinutesAgo, Instant now) {
        Decision evaluate(Policy policy) {
            PromotionHistory history = (digest, environment) -> "staging".equals(environment)
                    && deployedToStaging.contains(digest) ? Optional.of(now.minusSeconds(60 * deployedMinutesAgo))
                    : Optional.empty();
            return new GateEvaluator(Clock.fixed(now, ZoneOffset.UTC)).evaluate(policy, request, history);
        }
    }

    @Property(tries = 500)
    void shouldNeverAllowWhenARequiredCheckFails(@ForAll("cases") Case generated) {
        Decision decision = generated.evaluate(BASE);
        PromotionRequest request = generated.request();
        Statistics.collect(decision.outcome());

        if (decision.outcome() == Outcome.ALLOW) {
            assertThat(decision.checks()).extracting(CheckResult::status)
                    .doesNotContain(CheckStatus.FAILED, CheckStatus.PENDING);
        }
        boolean requiredEvidenceMissing = request.artifacts().isEmpty()
                || request.artifacts().stream().anyMatch(a -> a.signature() == null || !a.signature().verified()
                        || !IDENTITY.equals(a.signature().identity()))
                || request.tests() == null || request.tests().failed() > 0
                || (!request.environment().equals("staging") && !request.environment().equals("production"))
                || (request.requester().isAgent() && (request.entitlement() == null || !request.entitlement().valid()));
        if (requiredEvidenceMissing) {
            assertThat(decision.outcome()).as(decision.toString()).isNotEqualTo(Outcome.ALLOW);
        }
        // The property says something only if the generator also produces allowed requests.
        Statistics.coverage(coverage -> coverage.check(Outcome.ALLOW).percentage(p -> p > 1));
    }

    @Property(tries = 500)
    void shouldNeverTurnADenialIntoAnAllowByAddingADenyRule(@ForAll("cases") Case generated) {
        Decision base = generated.evaluate(BASE);
        Decision stricter = generated.evaluate(STRICTER);
        Statistics.collect(base.outcome());
        Statistics.coverage(coverage -> coverage.check(Outcome.ALLOW).percentage(p -> p > 1));

        assertThat(base.outcome().isWorseThan(stricter.outcome())).as(base + "\n" + stricter).isFalse();
        if (base.outcome() == Outcome.DENY) {
            assertThat(stricter.outcome()).isEqualTo(Outcome.DENY);
        }
        assertThat(stricter.outcome()).as("nothing is on the stricter allowlist").isNotEqualTo(Outcome.ALLOW);
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<PromotionRequest> requests = Combinators.combine(
                Arbitraries.frequency(Tuple.of(9, "staging"), Tuple.of(9, "production"), Tuple.of(2, "canary")),
                Arbitraries.frequency(Tuple.of(1, true), Tuple.of(3, false)),
                entitlements(),
                Arbitraries.frequency(Tuple.of(9, "github.com/sigstore/sigstore-java"),
                        Tuple.of(1, "github.com/acme/app")),
                Arbitraries.frequencyOf(Tuple.of(9, artifacts().list().ofMinSize(1).ofMaxSize(2)),
                        Tuple.of(1, Arbitraries.just(List.<ArtifactEvidence>of()))),
                Arbitraries.frequency(Tuple.of(1, Optional.<TestEvidence>empty()),
                        Tuple.of(8, Optional.of(new TestEvidence(12, 0, 0))),
                        Tuple.of(1, Optional.of(new TestEvidence(12, 1, 0)))),
                Arbitraries.frequency(Tuple.of(9, true), Tuple.of(1, false)))
                .as((environment, agent, entitlement, repository, artifacts, tests, rollback) -> {
                    Requester requester = agent ? Requester.agent("bot") : Requester.human("alice");
                    PromotionRequest.Builder builder = PromotionRequest.builder("shop/release#1/" + environment,
                            environment, requester, new RunRef("shop/release", "1", "alice", repository, List.of()))
                            .tests(tests.orElse(null))
                            .rollbackPlan(rollback ? "https://wiki.example.org/rollback" : null)
                            .entitlement(agent ? entitlement.orElse(null) : null);
                    artifacts.forEach(builder::artifact);
                    return builder.build();
                });
        // Mondays to Fridays 08:00-18:00 UTC mostly, so that production windows are often open.
        Arbitrary<Long> minutes = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0, 4).flatMap(day -> Arbitraries.longs()
                        .between(day * 1440L + 480, day * 1440L + 1080))),
                Tuple.of(1, Arbitraries.longs().between(0, 7 * 24 * 60)));
        Arbitrary<Set<Digest>> inStaging = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Set.copyOf(DIGESTS))),
                Tuple.of(1, Arbitraries.subsetOf(DIGESTS)));
        return Combinators.combine(requests, inStaging, Arbitraries.longs().between(0, 200),
                minutes)
                .as((request, deployed, ago, minute) -> new Case(request, deployed, ago,
                        MONDAY.plusSeconds(60 * minute)));
    }

    private static Arbitrary<Optional<EntitlementEvidence>> entitlements() {
        EntitlementEvidence staging = new EntitlementEvidence(true, "bot", "task",
                List.of("github.com/sigstore/sigstore-java"), List.of("promote"), List.of("staging"), "broker",
                MONDAY, MONDAY.plusSeconds(3600), ReasonCode.OK, "valid");
        return Arbitraries.frequency(Tuple.of(1, Optional.empty()), Tuple.of(6, Optional.of(staging)),
                Tuple.of(1, Optional.of(EntitlementEvidence.invalid(ReasonCode.ENTITLEMENT_EXPIRED, "expired"))));
    }

    private static Arbitrary<ArtifactEvidence> artifacts() {
        Arbitrary<SignatureEvidence> signatures = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(
                SignatureEvidence.verified(IDENTITY, ISSUER, 1L, MONDAY))), Tuple.of(1, Arbitraries.of(
                SignatureEvidence.verified("https://github.com/evil/repo/.github/workflows/x.yml@refs/heads/main",
                        ISSUER, 2L, MONDAY),
                SignatureEvidence.verified(IDENTITY, "https://accounts.example.org", 3L, MONDAY),
                SignatureEvidence.failed(ReasonCode.SIGNATURE_INVALID, "bad signature"),
                SignatureEvidence.failed(ReasonCode.DIGEST_MISMATCH, "digest mismatch")))).injectNull(0.05);
        Arbitrary<ProvenanceEvidence> provenance = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(
                ProvenanceEvidence.verified("https://slsa.dev/provenance/v1", BUILDER,
                        "https://github.com/sigstore/sigstore-java", "refs/tags/v1.0.0", "abc"))), Tuple.of(1,
                Arbitraries.of(
                ProvenanceEvidence.verified("https://slsa.dev/provenance/v1", "https://evil.example/builder",
                        "https://github.com/sigstore/sigstore-java", "refs/tags/v1.0.0", "abc"),
                ProvenanceEvidence.verified("https://slsa.dev/provenance/v1", BUILDER,
                        "https://github.com/acme/app", "refs/heads/main", "abc"),
                ProvenanceEvidence.failed(ReasonCode.PROVENANCE_INVALID, "bad provenance")))).injectNull(0.05);
        return Combinators.combine(Arbitraries.frequency(Tuple.of(8, "sigstore-java-1.0.0.jar"),
                Tuple.of(1, "evil.jar"), Tuple.of(1, "../../etc/passwd")),
                Arbitraries.of(DIGESTS), signatures, provenance)
                .as((name, digest, signature, prov) -> new ArtifactEvidence(new ArtifactRef(name, digest), signature,
                        prov));
    }
}
