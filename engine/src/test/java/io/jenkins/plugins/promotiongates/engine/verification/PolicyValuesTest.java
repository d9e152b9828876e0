package io.jenkins.plugins.promotiongates.engine.verification;

import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Identity policies, provenance expectations and the pure matching helpers. */
class PolicyValuesTest {
    @Test
    void shouldRefuseAnEmptyIdentityPolicyAsConfigurationError() {
        assertThatIllegalArgumentException().isThrownBy(() -> IdentityPolicy.anyOf(List.of()))
                .withMessageContaining("would accept any signer");
        assertThatIllegalArgumentException().isThrownBy(() -> IdentityPolicy.exact("", "https://issuer"));
        assertThatIllegalArgumentException().isThrownBy(() -> IdentityPolicy.exact("san", " "));
        assertThatIllegalArgumentException().isThrownBy(() -> IdentityPolicy.regex("(", "https://issuer"))
                .withMessageContaining("invalid identity regex");
    }

    @Test
    void shouldMatchRegexIdentitiesOnTheWholeSan() {
        IdentityPolicy.SanMatcher matcher = IdentityPolicy.SanMatcher.regex("https://github\\.com/acme/.*");

        assertThat(matcher.matches("https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1")).isTrue();
        assertThat(matcher.matches("evil https://github.com/acme/app")).isFalse();
        assertThat(IdentityPolicy.SanMatcher.exact("a").matches("ab")).isFalse();
        assertThat(matcher.matches(null)).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "github.com/slsa-framework/example-package, github.com/slsa-framework/example-package",
            "https://github.com/slsa-framework/example-package, github.com/slsa-framework/example-package",
            "git+https://github.com/slsa-framework/example-package@refs/tags/v14, github.com/slsa-framework/example-package",
            "https://GitHub.com/acme/app.git/, github.com/acme/app",
            "git+ssh://git@github.com/acme/app.git, github.com/acme/app",
            "https://gitlab.example.com:443/group/sub/app#main, gitlab.example.com/group/sub/app"})
    void shouldNormalizeSourceRepositories(String input, String expected) {
        assertThat(SourceRepositories.normalize(input)).isEqualTo(expected);
    }

    @Test
    void shouldMatchRepositoriesAcrossForms() {
        assertThat(SourceRepositories.matches("github.com/Acme/App", "git+https://github.com/acme/app@refs/heads/main"))
                .isTrue();
        assertThat(SourceRepositories.matches("github.com/acme/app", "https://github.com/acme/app-fork")).isFalse();
        assertThat(SourceRepositories.matches("github.com/acme/app", null)).isFalse();
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
            "https://b/x.yml, https://b/x.yml@refs/tags/v2.1.0, true",
            "https://b/x.yml@refs/tags/v2.1.0, https://b/x.yml@refs/tags/v2.1.0, true",
            "https://b/x.yml@refs/tags/v2.1.0, https://b/x.yml@refs/tags/v2.0.0, false",
            "https://b/x.yml, https://b/x.yml.evil@refs/tags/v1, false",
            "https://b/x, https://b/xy, false"})
    void shouldMatchBuilderIdsWithOrWithoutRef(String expected, String actual, boolean matches) {
        assertThat(ProvenanceExpectations.builderMatches(expected, actual)).isEqualTo(matches);
    }

    @Test
    void shouldRejectSourceRefsThatAreNotFullRefs() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ProvenanceExpectations(List.of(), List.of(),
                List.of("v1.2.0"))).withMessageContaining("refs/tags/");
        assertThat(new ProvenanceExpectations(null, null, null).constrainsAnything()).isFalse();
    }

    @Test
    void shouldGiveEveryFailureCauseANonOkReasonCode() {
        List<VerificationFailure> failures = List.of(
                new VerificationFailure.DigestMismatch("x", "a", "b"),
                new VerificationFailure.IdentityMismatch(List.of("a"), null),
                new VerificationFailure.IssuerMismatch(List.of("a"), "b"),
                new VerificationFailure.SignatureMissing("x"),
                new VerificationFailure.SignatureInvalid("x", "y", "z"),
                new VerificationFailure.InclusionProofMissing(1),
                new VerificationFailure.InclusionProofInvalid("a", "b"),
                new VerificationFailure.CheckpointInvalid("a", "b"),
                new VerificationFailure.SetInvalid("a", "b"),
                new VerificationFailure.TlogEntryInvalid("a", "b"),
                new VerificationFailure.TimestampInvalid("a", "b"),
                new VerificationFailure.UnsupportedBundle("a", "b"),
                new VerificationFailure.ProvenanceMissing("a"),
                new VerificationFailure.ProvenanceInvalid("a", "b"),
                new VerificationFailure.ProvenancePredicateUnsupported(List.of("a"), "b"),
                new VerificationFailure.ProvenanceSubjectMismatch("a", List.of("b")),
                new VerificationFailure.BuilderUntrusted(List.of("a"), "b"),
                new VerificationFailure.SourceRepoMismatch(List.of("a"), "b"),
                new VerificationFailure.SourceRefMismatch(List.of("a"), "b"));

        assertThat(failures).allSatisfy(failure -> {
            assertThat(failure.reasonCode()).isNotEqualTo(ReasonCode.OK);
            assertThat(failure.message()).isNotBlank();
            assertThat(failure.getClass().isRecord()).isTrue();
        });
        assertThat(failures).extracting(VerificationFailure::reasonCode).doesNotHaveDuplicates();
    }
}
