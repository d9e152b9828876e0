package io.jenkins.plugins.promotiongates.engine.approval;

import nl.jqno.equalsverifier.EqualsVerifier;
import nl.jqno.equalsverifier.Warning;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.request;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.requirement;

class ApprovalValuesTest {
    @Test
    void shouldCompareStatesByRequestStatusAndEvents() {
        ApprovalRequest one = request(requirement(1, false, "ops"));
        ApprovalRequest two = request(requirement(2, false, "ops", "sec"));
        EqualsVerifier.forClass(ApprovalState.class)
                .withPrefabValues(ApprovalRequest.class, one, two)
                .withPrefabValues(ApprovalBinding.class, one.binding(),
                        new ApprovalBinding("other#1", "canary", List.of(ApprovalFixtures.APP), "p"))
                .withPrefabValues(Vote.class, ApprovalFixtures.approve(Approver.human("a", "ops")),
                        ApprovalFixtures.approve(Approver.human("b", "ops")))
                .withPrefabValues(Map.class, Map.of(), Map.of("a", ApprovalFixtures.approve(Approver.human("a", "ops"))))
                .withPrefabValues(List.class, List.of(), List.of(new ApprovalEvent.TimedOut(ApprovalFixtures.EXPIRES_AT)))
                .withOnlyTheseFields("request", "status", "events")
                .suppress(Warning.NULL_FIELDS)
                .verify();
    }
}
