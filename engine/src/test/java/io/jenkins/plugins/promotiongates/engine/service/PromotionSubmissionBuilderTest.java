package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromotionSubmissionBuilderTest {
    private static final RunRef RUN = new RunRef("shop/release", "42", "alice", null, List.of());

    @Test
    void shouldBuildTheSameSubmissionAsTheCanonicalConstructor() {
        SubmittedArtifact pom = ServiceFixture.pom();
        PromotionSubmission positional = new PromotionSubmission("c", "staging", PromotionRequest.Action.ROLLBACK,
                Requester.human("alice"), RUN, List.of(pom), new TestEvidence(1, 0, 0), "plan", "token", true,
                List.of("a/b"));

        PromotionSubmission built = PromotionSubmission.builder("c", "staging", Requester.human("alice"), RUN)
                .action(PromotionRequest.Action.ROLLBACK).artifact(pom).tests(new TestEvidence(1, 0, 0))
                .rollbackPlan("plan").entitlementToken("token").freezeExceptionRequested(true)
                .changedPaths(List.of("a/b")).build();

        assertThat(built).isEqualTo(positional);
    }

    @Test
    void shouldDefaultToAPromotionWithNothingOptional() {
        PromotionSubmission built = PromotionSubmission.builder("c", "staging", Requester.human("alice"), RUN).build();

        assertThat(built.action()).isEqualTo(PromotionRequest.Action.PROMOTE);
        assertThat(built.artifacts()).isEmpty();
        assertThat(built.tests()).isNull();
        assertThat(built.entitlementToken()).isNull();
        assertThat(built.freezeExceptionRequested()).isFalse();
    }

    @Test
    void shouldRefuseAMissingRequiredField() {
        assertThatThrownBy(() -> PromotionSubmission.builder("c", "staging", null, RUN).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("requester");
    }
}
