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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.interceptor.RequirePOST;
import org.kohsuke.stapler.verb.POST;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The approval page's and the API's HTTP handlers: POST only, permission first, binding passed on, settled gates woken. */
class ApprovalHandlersTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);
    private final FakeService service = new FakeService();
    private final FakeAccess access = new FakeAccess();
    private final List<String> woken = new ArrayList<>();
    private PromotionGatesRuntime runtime;
    private PromotionApprovalAction action;

    @BeforeEach
    void setUp() {
        runtime = TestJenkins.runtime(service, access, (id, d) -> woken.add(id + "=" + d.outcome()));
        service.requestPromotion(new PromotionSubmission("shop#42/production", "production", PromotionRequest.Action.PROMOTE,
                Requester.agent("release-bot"), RunRef.of("shop", "42"),
                List.of(new SubmittedArtifact(new ArtifactRef("app.jar", Digest.parse(DIGEST)), "{}", null)),
                null, null, null, false, List.of()));
        action = new PromotionApprovalAction("shop#42/production", "42", "production", List.of(DIGEST),
                FakeService.POLICY, () -> runtime);
    }

    /** A StaplerRequest2 answering only getMethod and getParameter; anything else fails the test. */
    private static StaplerRequest2 request(String method, Map<String, String> params) {
        return (StaplerRequest2) Proxy.newProxyInstance(ApprovalHandlersTest.class.getClassLoader(),
                new Class<?>[] {StaplerRequest2.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getParameter" -> params.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private Map<String, String> form(String comment) {
        Map<String, String> params = new HashMap<>(Map.of("correlationId", action.getCorrelationId(), "runId", "42",
                "environment", "production", "digests", action.getDigestList(), "policyHash", action.getPolicyHash()));
        if (comment != null) {
            params.put("comment", comment);
        }
        return params;
    }

    @ParameterizedTest(name = "{0} is annotated POST-only")
    @ValueSource(strings = {"doApprove", "doReject"})
    void shouldRequirePostOnRunPageHandlers(String name) throws Exception {
        Method method = PromotionApprovalAction.class.getMethod(name, StaplerRequest2.class);
        assertThat(method.isAnnotationPresent(RequirePOST.class)).isTrue();
    }

    @Test
    void shouldRequirePostOnApiHandlers() throws Exception {
        assertThat(PendingApprovalsAction.class.getMethod("doDecide", StaplerRequest2.class).isAnnotationPresent(POST.class)).isTrue();
        assertThat(PendingApprovalsAction.class.getMethod("doPending", String.class).isAnnotationPresent(POST.class)).isTrue();
    }

    @Test
    void shouldRefuseGetEvenIfRoutingLetItThrough() {
        access.grantAll = true;
        action.doApprove(request("GET", form(null)));
        assertThat(service.votes).isEmpty();
        assertThat(woken).isEmpty();
    }

    @Test
    void shouldRefuseUserWithoutApprovePermission() {
        assertThat(new ApprovalDecider(runtime).decide("POST", io.jenkins.plugins.promotiongates.engine.service.ApprovalVote.Verdict.APPROVE, form(null)).status())
                .isEqualTo(403);
        action.doApprove(request("POST", form(null)));
        assertThat(service.votes).isEmpty();
        assertThat(action.isCanDecide()).isFalse();
    }

    @Test
    void shouldRefuseAnonymous() {
        access.user = null;
        access.grantAll = true;
        action.doApprove(request("POST", form(null)));
        assertThat(service.votes).isEmpty();
    }

    @Test
    void shouldPassBindingIdentityAndGroupsToEngine() {
        access.granted.add(PromotionGatesPermissions.APPROVE);
        action.doApprove(request("POST", form("looks good")));
        assertThat(service.votes).singleElement().satisfies(v -> {
            assertThat(v.voter()).isEqualTo("alice");
            assertThat(v.voterGroups()).containsExactly("release-managers");
            assertThat(v.hasApprovePermission()).isTrue();
            assertThat(v.voterIsAgent()).isFalse();
            assertThat(v.runId()).isEqualTo("42");
            assertThat(v.environment()).isEqualTo("production");
            assertThat(v.digests()).extracting(Digest::toString).containsExactly(DIGEST);
            assertThat(v.policyHash()).isEqualTo(FakeService.POLICY);
            assertThat(v.comment()).isEqualTo("looks good");
        });
        assertThat(woken).containsExactly("shop#42/production=ALLOW");
    }

    @Test
    void shouldRequireCommentToReject() {
        access.granted.add(PromotionGatesPermissions.APPROVE);
        action.doReject(request("POST", form(" ")));
        assertThat(service.votes).isEmpty();
        action.doReject(request("POST", form("canary error rate too high")));
        assertThat(woken).containsExactly("shop#42/production=DENY");
    }

    @Test
    void shouldNotWakeGateWhenVoteDoesNotMatchBinding() {
        access.granted.add(PromotionGatesPermissions.APPROVE);
        Map<String, String> replay = form(null);
        replay.put("policyHash", "sha256:other");
        action.doApprove(request("POST", replay));
        assertThat(service.votes).hasSize(1);
        assertThat(woken).isEmpty();
    }

    @Test
    void shouldListAndDecideThroughApiWithSameChecks() {
        PendingApprovalsAction api = new PendingApprovalsAction(() -> runtime);
        access.user = null;
        assertThat(api.getIconFileName()).isNull();
        access.user = "alice";
        assertThat(api.getIconFileName()).isNotNull();
        assertThat(api.getPending(null)).singleElement().satisfies(p -> assertThat(api.isCanVote(p)).isFalse());
        Map<String, String> params = form(null);
        params.put("verdict", "approve");
        api.doDecide(request("POST", params));
        assertThat(woken).as("no Approve on the job: refused before the engine").isEmpty();
        access.granted.add(PromotionGatesPermissions.APPROVE);
        assertThat(api.getPending(null)).singleElement().satisfies(p -> assertThat(api.isCanVote(p)).isTrue());
        assertThat(api.getPending("staging")).isEmpty();
        api.doDecide(request("POST", params));
        assertThat(woken).containsExactly("shop#42/production=ALLOW");
        assertThat(api.getPending("production")).isEmpty();
    }

    @Test
    void shouldLinkToApprovalPageInsideFolders() {
        assertThat(PendingApprovalsAction.approvalUrl(RunRef.of("team/shop", "42"), "production"))
                .isEqualTo("job/team/job/shop/42/promotion-approval-production/");
    }
}
