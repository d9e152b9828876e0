package io.jenkins.plugins.promotiongates.engine.approval;

import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.APP;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.LIB;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.POLICY;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.REQUESTED_AT;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.TIMEOUT;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.clockAt;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.requirement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApprovalBindingTest {
    @Test
    void shouldSortAndDeduplicateDigests() {
        ApprovalBinding binding = new ApprovalBinding("job#1", "production", List.of(LIB, APP, LIB), POLICY);

        assertThat(binding.digests()).containsExactly(APP, LIB);
        assertThat(binding).isEqualTo(new ApprovalBinding("job#1", "production", List.of(APP, LIB), POLICY));
    }

    @Test
    void shouldRefuseABindingWithoutDigestsOrWithAHostileEnvironment() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ApprovalBinding("job#1", "production", List.of(), POLICY))
                .withMessageContaining("at least one artifact digest");
        assertThatIllegalArgumentException().isThrownBy(() -> new ApprovalBinding("job#1", "prod*", List.of(APP), POLICY));
        assertThatIllegalArgumentException().isThrownBy(() -> new ApprovalBinding("job#1\n", "production", List.of(APP), POLICY));
    }

    @Test
    void shouldNameEveryDifferingField() {
        ApprovalBinding binding = new ApprovalBinding("job#1", "production", List.of(APP), POLICY);
        ApprovalBinding other = new ApprovalBinding("job#2", "production", List.of(LIB), POLICY);

        assertThat(binding.differences(binding)).isEmpty();
        assertThat(binding.differences(other)).containsOnlyKeys("expected.runId", "actual.runId", "expected.digests",
                "actual.digests").containsEntry("actual.runId", "job#2");
    }

    @Test
    void shouldBuildTheRequestForAPromotion() {
        RunRef run = new RunRef("shop/backend", "42", "carol", null, List.of("dave"));
        PromotionRequest promotion = PromotionRequest.builder("corr-9", "production", Requester.agent("bot"), run)
                .artifact(new ArtifactEvidence(new ArtifactRef("lib.jar", LIB), null, null))
                .artifact(new ArtifactEvidence(new ArtifactRef("app.jar", APP), null, null))
                .build();

        ApprovalRequest request = ApprovalRequest.forPromotion(promotion, POLICY, requirement(1, false, "ops"),
                clockAt(REQUESTED_AT));

        assertThat(request.binding()).isEqualTo(new ApprovalBinding("shop/backend#42", "production", List.of(APP, LIB), POLICY));
        assertThat(request.runStarter()).isEqualTo("carol");
        assertThat(request.commitAuthors()).containsExactly("dave");
        assertThat(request.requestedAt()).isEqualTo(REQUESTED_AT);
        assertThat(request.expiresAt()).isEqualTo(REQUESTED_AT.plus(TIMEOUT));
        assertThat(request.isExpiredAt(request.expiresAt())).isTrue();
        assertThat(request.isExpiredAt(request.expiresAt().minusNanos(1))).isFalse();
    }

    @Test
    void shouldRefuseOverlongOrControlCharacterComments() {
        Approver alice = Approver.human("alice", "ops");
        ApprovalBinding binding = new ApprovalBinding("job#1", "production", List.of(APP), POLICY);
        Instant at = REQUESTED_AT;

        assertThat(Vote.reject(alice, "line one\nline two", binding, at).comment()).contains("\n");
        assertThatIllegalArgumentException().isThrownBy(() -> Vote.reject(alice, "forged\u001b[31m", binding, at));
        assertThatIllegalArgumentException().isThrownBy(() -> Vote.reject(alice, "x".repeat(4001), binding, at));
    }
}
