package io.jenkins.plugins.promotiongates.approval;

import io.jenkins.plugins.promotiongates.PromotionGatesPermissions;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.service.PromotionSubmission;
import io.jenkins.plugins.promotiongates.engine.service.SubmittedArtifact;
import io.jenkins.plugins.promotiongates.testing.FakeService;
import io.jenkins.plugins.promotiongates.testing.TestJenkins;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeAccess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerResponse2;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON API answers {@code application/json} (Stapler's {@code HttpResponses.text} answers {@code text/plain}:
 * stapler {@code core/src/main/java/org/kohsuke/stapler/HttpResponses.java}, {@code text()} sets
 * {@code text/plain;charset=UTF-8}), and links name jobs URL-encoded (core's {@code Util.rawEncode} in job URLs).
 * Watched failing before the fix: the handlers returned {@code HttpResponses.text} and the links the raw names.
 */
class JsonEndpointsTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);
    private final FakeService service = new FakeService();
    private final FakeAccess access = new FakeAccess();
    private PendingApprovalsAction pending;

    @BeforeEach
    void setUp() {
        PromotionGatesRuntime runtime = TestJenkins.runtime(service, access, (id, d) -> { });
        service.requestPromotion(new PromotionSubmission("team a/release #2#42/production", "production",
                PromotionRequest.Action.PROMOTE, Requester.agent("release-bot"), RunRef.of("team a/release #2", "42"),
                List.of(new SubmittedArtifact(new ArtifactRef("app.jar", Digest.parse(DIGEST)), "{}", null)),
                null, null, null, false, List.of()));
        access.granted.add(PromotionGatesPermissions.APPROVE);
        pending = new PendingApprovalsAction(() -> runtime);
    }

    /** What a servlet response records: the status, headers and body Stapler would send. */
    private static Map<String, String> render(HttpResponse response) throws Exception {
        Map<String, String> sent = new HashMap<>();
        StringWriter body = new StringWriter();
        StaplerResponse2 rsp = (StaplerResponse2) Proxy.newProxyInstance(JsonEndpointsTest.class.getClassLoader(),
                new Class<?>[] {StaplerResponse2.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "setContentType" -> sent.put("Content-Type", (String) args[0]);
                    case "setStatus" -> sent.put("status", String.valueOf(args[0]));
                    case "setHeader" -> sent.put((String) args[0], (String) args[1]);
                    case "setCharacterEncoding" -> sent.put("encoding", (String) args[0]);
                    case "getWriter" -> new PrintWriter(body);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        assertThat(response).as("a response").isNotNull();
        response.generateResponse(null, rsp, null);
        sent.put("body", body.toString());
        return sent;
    }

    @Test
    void shouldAnswerPendingApprovalsAsApplicationJson() throws Exception {
        Map<String, String> sent = render(pending.doPending(null));
        assertThat(sent.get("Content-Type")).startsWith("application/json");
        assertThat(sent.get("status")).isEqualTo("200");
        assertThat(sent.get("body")).startsWith("[{\"correlationId\":");
    }

    /** Approve granted on the job's folder only (matrix-auth inheritance, see FakeAccess) lets the caller vote. */
    @Test
    void shouldSayWhetherTheCallerMayVoteFromTheGrantOnTheJobsFolder() throws Exception {
        access.granted.clear();
        access.grantedOnItems.put("team a", java.util.Set.of(PromotionGatesPermissions.APPROVE));
        assertThat(render(pending.doPending(null)).get("body")).contains("\"canVote\":true");

        access.grantedOnItems.clear();
        assertThat(render(pending.doPending(null))).containsEntry("status", "200")
                .hasEntrySatisfying("body", body -> assertThat(body).contains("\"canVote\":false"));

        access.unreadableJobs.add("team a/release #2");
        assertThat(render(pending.doPending(null)).get("body")).isEqualTo("[]");
    }

    @Test
    void shouldAnswerReviewsAsApplicationJson() throws Exception {
        assertThat(render(pending.doReviews()).get("Content-Type")).startsWith("application/json");
    }

    @Test
    void shouldUrlEncodeJobNamesInLinks() throws Exception {
        assertThat(PendingApprovalsAction.approvalUrl(RunRef.of("team a/release #2", "42"), "production"))
                .isEqualTo("job/team%20a/job/release%20%232/42/promotion-approval-production/");
        assertThat(PendingApprovalsAction.runUrl("team a/release?x#42/production"))
                .isEqualTo("job/team%20a/job/release%3Fx/42/promotion-gates/");
        assertThat(render(pending.doPending(null)).get("body"))
                .contains("\"url\":\"job/team%20a/job/release%20%232/42/promotion-approval-production/\"");
    }
}
