package io.jenkins.plugins.promotiongates.config;

import io.jenkins.plugins.promotiongates.approval.ApprovalDecider;
import io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.service.PromotionService;
import io.jenkins.plugins.promotiongates.engine.service.PromotionSubmission;
import io.jenkins.plugins.promotiongates.engine.service.SubmittedArtifact;
import io.jenkins.plugins.promotiongates.testing.ConfigurationForm;
import io.jenkins.plugins.promotiongates.testing.FakeService;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeAccess;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.ManualPoller;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saving the global configuration (or a JCasC reload) re-binds the configuration and must swap the runtime without
 * opening the embedded store twice. Watched failing before the fix: the second service could not open the store
 * (its file lock was still held by the dropped one), fell back to the deny-all service, and the pending promotion
 * was gone for the approval page.
 */
class RuntimeSwapTest {
    private static final String POLICY = """
            apiVersion: promotion-gates/v1
            environments:
              - name: staging
                actions: [promote]
                agents: allowed
                approvals:
                  required: 1
                  groups: [release-managers]
                  timeoutMinutes: 1440
            """;
    @TempDir
    Path home;
    private PromotionGatesConfiguration config;

    @BeforeEach
    void setUp() {
        config = new PromotionGatesConfiguration(EngineWiring.serviceFactory(home::toFile),
                EngineWiring.policyCheck(home::toFile), new FakeAccess(), home::toFile, Runnable::run, new ManualPoller());
        ConfigurationForm.submit(config, form(""));
    }

    @AfterEach
    void tearDown() {
        config.shutdown();
    }

    private static Map<String, String> form(String storeUrl) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("policy", POLICY);
        form.put("policyFile", "");
        form.put("trustedRoot", "");
        form.put("storeUrl", storeUrl);
        form.put("storeCredentialsId", "");
        return form;
    }

    private static Decision request(PromotionService service) {
        return service.requestPromotion(new PromotionSubmission("shop#42/staging", "staging",
                PromotionRequest.Action.PROMOTE, Requester.agent("release-bot"), RunRef.of("shop", "42"),
                List.of(new SubmittedArtifact(new ArtifactRef("app.jar", Digest.sha256("a".repeat(64))), null, null)),
                null, null, null, false, List.of()));
    }

    @Test
    void shouldKeepTheStoreAndItsRecordsWhenTheConfigurationIsSavedAgain() {
        PromotionService before = config.runtime().service();
        Decision decision = request(before);

        ConfigurationForm.submit(config, form(""));
        PromotionService after = config.runtime().service();

        assertThat(after).isNotInstanceOf(UnwiredPromotionService.class).isNotSameAs(before);
        assertThat(after.currentDecision(decision.correlationId())).map(Decision::outcome)
                .isEqualTo(Optional.of(decision.outcome()));
    }

    @Test
    void shouldBuildOnceAfterAFormBindsEverySetter() {
        List<ServiceSettings> built = new ArrayList<>();
        PromotionGatesConfiguration counted = new PromotionGatesConfiguration(settings -> {
            built.add(settings);
            return new FakeService();
        }, (yaml, source) -> List.of(), new FakeAccess(), home::toFile, Runnable::run, new ManualPoller());
        ConfigurationForm.submit(counted, form(""));
        counted.runtime();
        counted.runtime();
        assertThat(built).as("five setters, one rebuild at the next use").hasSize(1);
    }

    @Test
    void shouldReleaseTheStoreOnShutdown() {
        request(config.runtime().service());
        config.shutdown();

        assertThat(config.runtime().service()).isInstanceOf(UnwiredPromotionService.class);
        try (FileAuditStore reopened = new FileAuditStore(home.resolve("promotion-gates/store"), Clock.systemUTC())) {
            assertThat(reopened.byCorrelationId("shop#42/staging")).isNotEmpty();
        }
    }

    @Test
    void shouldNotEndAWaitingStepWhenAVoteIsNotCounted() {
        List<String> woken = new ArrayList<>();
        FakeAccess approver = new FakeAccess();
        approver.grantAll = true;
        PromotionGatesRuntime unwired = new PromotionGatesRuntime(new UnwiredPromotionService(), Runnable::run,
                (id, d) -> woken.add(id), approver, new ManualPoller());
        ApprovalDecider.Answer answer = new ApprovalDecider(unwired).decide("POST",
                io.jenkins.plugins.promotiongates.engine.service.ApprovalVote.Verdict.APPROVE, Map.of(
                        ApprovalDecider.CORRELATION_ID, "shop#42/staging", ApprovalDecider.RUN_ID, "shop#42",
                        ApprovalDecider.ENVIRONMENT, "staging", ApprovalDecider.DIGESTS, "sha256:" + "a".repeat(64),
                        ApprovalDecider.POLICY_HASH, "p"));
        assertThat(answer.result()).as("the vote reached the service").isNotNull();
        assertThat(answer.result().counted()).isFalse();
        assertThat(woken).as("an uncounted vote (engine unavailable) never ends the waiting step").isEmpty();
    }
}
