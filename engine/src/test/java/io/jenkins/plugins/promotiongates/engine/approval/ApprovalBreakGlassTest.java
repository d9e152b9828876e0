package io.jenkins.plugins.promotiongates.engine.approval;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.RuleMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.clockAt;
import static org.assertj.core.api.Assertions.assertThat;

/** Break-glass and its post-incident review item. */
class ApprovalBreakGlassTest {
    private static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");
    private static final Clock CLOCK = clockAt(NOW);
    private static final BreakGlass BREAK_GLASS = new BreakGlass(CLOCK);
    private static final BreakGlassRequest BY_OSCAR = new BreakGlassRequest("oscar", true, "payment outage INC-4711");
    private static final CheckResult SIGNATURE_OK = CheckResult.passed("signature", "verified", Map.of());
    private static final CheckResult WINDOW_CLOSED = CheckResult.failed("window", ReasonCode.OUTSIDE_CHANGE_WINDOW,
            "production changes are allowed Mon-Thu 09:00-16:00; now is Sat 03:00", Map.of("now", NOW.toString()));
    private static final CheckResult FROZEN = CheckResult.failed("freeze", ReasonCode.FREEZE_ACTIVE,
            "year-end freeze until 2027-01-04", Map.of());

    private static Decision decision(CheckResult... checks) {
        return Decision.fromChecks("production", "corr-7", "sha256:p", NOW.minusSeconds(10), List.of(checks), null);
    }

    @Test
    void shouldOverrideAClosedChangeWindowAndFreezeAndOpenAReview() {
        BreakGlassResult result = BREAK_GLASS.apply(decision(SIGNATURE_OK, WINDOW_CLOSED, FROZEN), BY_OSCAR);

        assertThat(result.applied()).isTrue();
        assertThat(result.decision().outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(result.decision().decidedAt()).isEqualTo(NOW);
        assertThat(result.decision().checks()).extracting(CheckResult::code)
                .containsExactly(ReasonCode.OK, ReasonCode.BREAK_GLASS, ReasonCode.BREAK_GLASS);
        assertThat(result.decision().checks().get(1).evidence())
                .containsEntry("breakGlass.user", "oscar")
                .containsEntry("breakGlass.reason", "payment outage INC-4711")
                .containsEntry("breakGlass.overriddenCode", "OUTSIDE_CHANGE_WINDOW");
        assertThat(result.decision().checks().get(1).message()).startsWith("[break-glass by oscar]");
        assertThat(result.review()).isNotNull().satisfies(review -> {
            assertThat(review.isOpen()).isTrue();
            assertThat(review.openedBy()).isEqualTo("oscar");
            assertThat(review.correlationId()).isEqualTo("corr-7");
            assertThat(review.overridden()).containsExactly(ReasonCode.OUTSIDE_CHANGE_WINDOW, ReasonCode.FREEZE_ACTIVE);
        });
    }

    @ParameterizedTest(name = "break-glass can't override {0}")
    @EnumSource(value = ReasonCode.class, names = {"SIGNATURE_INVALID", "SIGNATURE_MISSING", "PROVENANCE_MISSING",
            "BUILDER_UNTRUSTED", "CREDENTIAL_OUT_OF_SCOPE", "ENTITLEMENT_OUT_OF_SCOPE", "DIGEST_MISMATCH"})
    void shouldKeepDenyingWhenAnotherCheckFails(ReasonCode code) {
        CheckResult other = CheckResult.failed("other", code, "fails", Map.of());

        BreakGlassResult result = BREAK_GLASS.apply(decision(other, WINDOW_CLOSED), BY_OSCAR);

        assertThat(result.applied()).isFalse();
        assertThat(result.review()).isNull();
        assertThat(result.decision().outcome()).isEqualTo(Outcome.DENY);
        assertThat(result.decision().checks().get(0)).isEqualTo(other);
        assertThat(result.reason().code()).isEqualTo(code);
        assertThat(result.reason().message()).contains("still failing: [" + code + "]");
    }

    @Test
    void shouldRefuseWhenOnlyASignatureFails() {
        Decision signatureFails = decision(CheckResult.failed("signature", ReasonCode.SIGNATURE_INVALID, "bad", Map.of()));

        BreakGlassResult result = BREAK_GLASS.apply(signatureFails, BY_OSCAR);

        assertThat(result.applied()).isFalse();
        assertThat(result.decision()).isEqualTo(signatureFails);
        assertThat(result.reason().code()).isEqualTo(ReasonCode.SIGNATURE_INVALID);
    }

    @Test
    void shouldStillNeedApprovalsAfterOverridingTheWindow() {
        CheckResult approvalPending = CheckResult.pending("approval", ReasonCode.APPROVAL_REQUIRED, "0 of 2", Map.of());

        BreakGlassResult result = BREAK_GLASS.apply(decision(WINDOW_CLOSED, approvalPending), BY_OSCAR);

        assertThat(result.applied()).isTrue();
        assertThat(result.decision().outcome()).isEqualTo(Outcome.PENDING);
        assertThat(result.review()).isNotNull();
    }

    @Test
    void shouldRefuseWithoutTheBreakGlassPermission() {
        Decision closed = decision(WINDOW_CLOSED);

        BreakGlassResult result = BREAK_GLASS.apply(closed, new BreakGlassRequest("oscar", false, "outage"));

        assertThat(result.applied()).isFalse();
        assertThat(result.decision()).isEqualTo(closed);
        assertThat(result.reason().code()).isEqualTo(ReasonCode.APPROVER_NOT_AUTHORIZED);
        assertThat(result.review()).isNull();
    }

    @Test
    void shouldRefuseWithoutAWrittenReason() {
        BreakGlassResult result = BREAK_GLASS.apply(decision(WINDOW_CLOSED), new BreakGlassRequest("oscar", true, "  "));

        assertThat(result.applied()).isFalse();
        assertThat(result.reason().code()).isEqualTo(ReasonCode.INVALID_REQUEST);
        assertThat(result.decision().outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void shouldRefuseWhenThereIsNothingToOverride() {
        BreakGlassResult result = BREAK_GLASS.apply(decision(SIGNATURE_OK), BY_OSCAR);

        assertThat(result.applied()).isFalse();
        assertThat(result.reason().code()).isEqualTo(ReasonCode.INVALID_REQUEST);
    }

    @Test
    void shouldNotTouchWarnModeFindings() {
        CheckResult warned = WINDOW_CLOSED.inMode(RuleMode.WARN);

        BreakGlassResult result = BREAK_GLASS.apply(decision(warned, FROZEN), BY_OSCAR);

        assertThat(result.decision().checks().get(0)).isEqualTo(warned);
        assertThat(result.decision().checks().get(1).status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void shouldNotLetTheBreakGlassUserCloseTheirOwnReview() {
        ReviewItem review = BREAK_GLASS.apply(decision(WINDOW_CLOSED), BY_OSCAR).review();
        assertThat(review).isNotNull();

        ReviewItem.Closing bySelf = review.close("Oscar", "all fine", clockAt(NOW.plusSeconds(3600)));

        assertThat(bySelf.accepted()).isFalse();
        assertThat(bySelf.reason().code()).isEqualTo(ReasonCode.SELF_APPROVAL_FORBIDDEN);
        assertThat(bySelf.item().isOpen()).isTrue();
    }

    @Test
    void shouldLetSomeoneElseCloseTheReviewOnce() {
        ReviewItem review = BREAK_GLASS.apply(decision(FROZEN), BY_OSCAR).review();
        assertThat(review).isNotNull();
        Clock later = clockAt(NOW.plusSeconds(86_400));

        assertThat(review.close("petra", " ", later).accepted()).as("a note is required").isFalse();
        ReviewItem.Closing closing = review.close("petra", "post-mortem PM-12 done", later);

        assertThat(closing.accepted()).isTrue();
        assertThat(closing.item().isOpen()).isFalse();
        assertThat(closing.item().closedBy()).isEqualTo("petra");
        assertThat(closing.item().closedAt()).isEqualTo(NOW.plusSeconds(86_400));
        assertThat(closing.item().close("quinn", "again", later).accepted()).isFalse();
    }
}
