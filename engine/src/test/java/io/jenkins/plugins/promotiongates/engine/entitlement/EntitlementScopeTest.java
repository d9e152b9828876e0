package io.jenkins.plugins.promotiongates.engine.entitlement;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EntitlementScopeTest {
    private static final String REPO = "https://github.com/acme/docs-site.git";
    private static final EntitlementEvidence STAGING = new EntitlementEvidence(true, "docs-refactor-042",
            "update markdown links", List.of("docs-site"), List.of("promote"), List.of("staging"), "broker-1",
            Instant.parse("2026-11-25T02:00:00Z"), Instant.parse("2026-11-25T02:30:00Z"), ReasonCode.OK, "ok");

    @Test
    void shouldPassWhenEnvironmentActionAndRepositoryAreCovered() {
        CheckResult result = EntitlementScope.check(STAGING, "staging", "promote", REPO);

        assertThat(result.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.gate()).isEqualTo("entitlement");
    }

    @Test
    void shouldNeverLetStagingEntitlementPromoteToProduction() {
        CheckResult result = EntitlementScope.check(STAGING, "production", "promote", REPO);

        assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.code()).isEqualTo(ReasonCode.ENTITLEMENT_OUT_OF_SCOPE);
        assertThat(result.message()).isEqualTo("Outside the entitlement of agent 'docs-refactor-042' (task 'update "
                + "markdown links'): environment 'production' is not in [staging]");
        assertThat(result.evidence()).containsEntry("requested.environment", "production")
                .containsEntry("entitlement.environments", "staging");
    }

    @Test
    void shouldNameActionOutsideEntitlement() {
        assertThat(EntitlementScope.check(STAGING, "staging", "rollback", REPO).message())
                .endsWith("action 'rollback' is not in [promote]");
    }

    @Test
    void shouldNameRepositoryOutsideEntitlement() {
        assertThat(EntitlementScope.check(STAGING, "staging", "promote", "https://github.com/acme/shop").message())
                .endsWith("repository 'https://github.com/acme/shop' is not in [docs-site]");
    }

    @Test
    void shouldFailClosedWhenRepositoryIsUnknown() {
        CheckResult result = EntitlementScope.check(STAGING, "staging", "promote", null);

        assertThat(result.code()).isEqualTo(ReasonCode.ENTITLEMENT_OUT_OF_SCOPE);
        assertThat(result.message()).endsWith("the job's repository is unknown, so it cannot be matched against "
                + "[docs-site]");
    }

    @Test
    void shouldListEveryDimensionOutsideTheEntitlement() {
        assertThat(EntitlementScope.check(STAGING, "production", "rollback", "other").message())
                .contains("environment 'production'", "action 'rollback'", "repository 'other'");
    }

    @Test
    void shouldFailWithTheEntitlementsOwnReasonWhenInvalid() {
        CheckResult result = EntitlementScope.check(
                EntitlementEvidence.invalid(ReasonCode.ENTITLEMENT_EXPIRED, "expired at X"), "staging", "promote",
                REPO);

        assertThat(result.code()).isEqualTo(ReasonCode.ENTITLEMENT_EXPIRED);
        assertThat(result.message()).isEqualTo("The entitlement is not valid: expired at X");
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
            "docs-site, https://github.com/acme/docs-site.git, true",
            "acme/docs-site, git@github.com:acme/docs-site.git, true",
            "github.com/acme/docs-site, https://github.com/acme/docs-site/, true",
            "Docs-Site, ssh://git@github.com/acme/docs-site, true",
            "docs-site, https://github.com/acme/docs-site-evil, false",
            "site, https://github.com/acme/docs-site, false",
            "other/docs-site, https://github.com/acme/docs-site, false",
            "gitlab.com/acme/docs-site, https://github.com/acme/docs-site, false",
            "docs-site, docs-site, true"})
    void shouldMatchRepositoriesOnPathSegments(String entry, String repository, boolean matches) {
        assertThat(EntitlementScope.repositoryMatches(entry, repository)).isEqualTo(matches);
    }

    @Test
    void shouldRequireEntitlementForRequest() {
        PromotionRequest request = request(Requester.agent("docs-refactor-042"), null);

        assertThat(EntitlementScope.check(request).code()).isEqualTo(ReasonCode.ENTITLEMENT_MISSING);
    }

    @Test
    void shouldRefuseEntitlementPresentedByAnotherAgent() {
        CheckResult result = EntitlementScope.check(request(Requester.agent("thief-7"), STAGING));

        assertThat(result.code()).isEqualTo(ReasonCode.ENTITLEMENT_OUT_OF_SCOPE);
        assertThat(result.message()).isEqualTo("The entitlement was issued to agent 'docs-refactor-042' but presented "
                + "by 'thief-7'");
    }

    @Test
    void shouldCheckRequestEnvironmentActionAndJobRepository() {
        assertThat(EntitlementScope.check(request(Requester.agent("docs-refactor-042"), STAGING)).status())
                .isEqualTo(CheckStatus.PASSED);
    }

    private static PromotionRequest request(Requester requester, EntitlementEvidence entitlement) {
        return PromotionRequest.builder("c-1", "staging", requester,
                new RunRef("docs/main", "7", null, REPO, List.of())).entitlement(entitlement).build();
    }
}
