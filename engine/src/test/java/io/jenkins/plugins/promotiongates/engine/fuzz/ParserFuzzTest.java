package io.jenkins.plugins.promotiongates.engine.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jenkins.plugins.promotiongates.engine.entitlement.EntitlementSettings;
import io.jenkins.plugins.promotiongates.engine.entitlement.EntitlementVerifier;
import io.jenkins.plugins.promotiongates.engine.entitlement.TrustedBroker;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyValidationException;
import io.jenkins.plugins.promotiongates.engine.testresults.JUnitReports;
import io.jenkins.plugins.promotiongates.engine.testresults.MalformedReportException;
import io.jenkins.plugins.promotiongates.engine.verification.ArtifactVerifier;
import io.jenkins.plugins.promotiongates.engine.verification.IdentityPolicy;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz targets for the four parsers of untrusted input. Without {@code JAZZER_FUZZ} they replay only their seed
 * corpus ({@code ParserFuzzTestInputs/<method>/}), so they run in every build; see docs/security.md for long runs.
 * Any exception other than a clean validation error is a finding.
 */
class ParserFuzzTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures").toAbsolutePath();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T08:30:00Z"), ZoneOffset.UTC);
    private static final ArtifactVerifier VERIFIER = verifier();
    private static final ArtifactRef POM = new ArtifactRef("sigstore-java-1.0.0.pom",
            Digest.sha256("a94e547ee7f4897819df2c724dabdff3f97fa362351303db34e9815541ea412d"));
    private static final IdentityPolicy RELEASE = IdentityPolicy.exact("https://github.com/sigstore/sigstore-java/"
            + ".github/workflows/release-sigstore-java-from-tag.yaml@refs/tags/v1.0.0",
            "https://token.actions.githubusercontent.com");
    private static final EntitlementVerifier ENTITLEMENTS = new EntitlementVerifier(new EntitlementSettings(
            List.of(new TrustedBroker("agent-broker-2026", "EdDSA",
                    "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"TN0l2m-6SswQ7JsWAuCjmI36qv0UYr3rIKMfU-lf0JE\"}")),
            Duration.ofSeconds(30), Duration.ofMinutes(60)), CLOCK);

    private static ArtifactVerifier verifier() {
        try {
            return ArtifactVerifier.builder().trustedRoot(FIXTURES.resolve("trusted-roots/public-good.json")).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void policyParserEitherLoadsOrReportsLocatedErrors(FuzzedDataProvider data) {
        try {
            PolicyLoader.parse(data.consumeRemainingAsString(), "fuzz.yaml", FIXTURES);
        } catch (PolicyValidationException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "5m")
    void bundleVerificationNeverThrowsAndNeverVerifiesGarbage(FuzzedDataProvider data) {
        String bundle = data.consumeRemainingAsString();

        VerificationResult result = VERIFIER.verify(POM, bundle, RELEASE, null, null);

        if (result.signature().verified()) {
            // Only the genuine bundle (possibly reformatted) can verify for this digest and identity.
            assertThat(bundle).contains("MEUCIAZpRb90V7dny9yU34V394DkhNVjcBMbrOdAjP+9G3BoAiEAhbXrAEXITS1qAD2rpwqfYJnQmmcg"
                    + "sPGK47x27CP6TMA=");
        }
    }

    @FuzzTest(maxDuration = "5m")
    void entitlementVerificationNeverThrowsAndNeverAcceptsAForgery(FuzzedDataProvider data) {
        EntitlementEvidence evidence = ENTITLEMENTS.verify(data.consumeRemainingAsString());

        assertThat(evidence.valid()).as("no fuzzed token is signed by the broker's private key").isFalse();
        assertThat(evidence.failure()).isNotEqualTo(ReasonCode.OK);
    }

    @FuzzTest(maxDuration = "5m")
    void junitReportReaderEitherCountsOrReportsAMalformedReport(byte[] xml) throws IOException {
        try {
            TestEvidence counts = JUnitReports.read("fuzz.xml", xml);

            assertThat(counts.failed() + (long) counts.skipped()).isLessThanOrEqualTo(counts.total());
        } catch (MalformedReportException expected) {
            assertThat(expected.getMessage()).startsWith("fuzz.xml: ");
        }
    }
}
