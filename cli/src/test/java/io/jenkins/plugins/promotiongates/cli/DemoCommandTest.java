package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import org.junit.jupiter.api.Test;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code demo}: the whole story on the real engine, with no arguments. */
class DemoCommandTest {
    @Test
    void shouldWalkTheSignedReleaseThroughEveryEnvironment() {
        Result result = new CliHarness(TUESDAY_MORNING).run("demo");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out())
                .startsWith("promotion-gates demo — sigstore-java-1.0.0.pom (" + CliHarness.DIGEST + ")")
                .containsSubsequence("alice promotes the signed release to staging", "→ ALLOWED",
                        "DIGEST_MISMATCH", "→ DENIED", "SOAK_TIME_NOT_MET", "an agent entitled to staging only tries canary: its entitlement is checked",
                        "ENTITLEMENT_OUT_OF_SCOPE", "covers environments [staging], not canary", "NEEDS APPROVAL",
                        "SELF_APPROVAL_FORBIDDEN", "bob [release-managers] approves", "carol [security] approves",
                        "promotion is now ALLOW", "CREDENTIAL_OUT_OF_SCOPE", "bound", "the audit trail",
                        "Audit chain intact", "demo complete: every gate decided as expected")
                .doesNotContain("\u001b[")
                .containsSubsequence("approval by alice: refused [SELF_APPROVAL_FORBIDDEN]", "approval by bob: counted")
                .doesNotContain("APPROVAL_GRANTED by alice → DENY");
        String afterApprovals = result.out().substring(result.out().indexOf("after bob (release-managers)"),
                result.out().indexOf("withPromotionCredentials"));
        assertThat(afterApprovals).as("the settled decision, told once and with no open question")
                .doesNotContain("Escalation:").containsOnlyOnce("2 of 2 approvals")
                .as("one approvals check, no second 'approval' check").doesNotContainPattern("(?m)^  \\S+ approval +");
    }
}
