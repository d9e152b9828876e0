package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.MutableClock;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.assertDeniedAndAudited;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.codes;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.gate;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time: exactly at the window's edges, across both Berlin DST switches, inside and at the edges of a freeze. The
 * production rules here are only time rules, so each case allows or denies for time alone. (Clock skew on
 * entitlements: {@link CredentialAndAgentRedTeamTest}.)
 */
class TimeRedTeamTest {
    private static final Policy POLICY = ServiceFixture.parse("""
            apiVersion: promotion-gates/v1
            environments:
              - name: production
                actions: [promote]
                windows:
                  timeZone: Europe/Berlin
                  weekly:
                    - days: [MON-FRI]
                      start: '09:00'
                      end: '17:00'
                freezes:
                  timeZone: Europe/Berlin
                  periods:
                    - from: '2026-12-18T18:00'
                      to: '2027-01-04T08:00'
                      reason: Year-end freeze
                    - from: '2027-01-11T10:00'
                      to: '2027-01-11T12:00'
                      reason: Board meeting
            """);

    @ParameterizedTest(name = "{0} ({1}) → {2}")
    @CsvSource({
            "2026-11-24T08:00:00Z, Tue 09:00 CET: window opens, ALLOW",
            "2026-11-24T07:59:59Z, Tue 08:59:59 CET: one second early, OUTSIDE_CHANGE_WINDOW",
            "2026-11-24T15:59:59Z, Tue 16:59:59 CET: last second, ALLOW",
            "2026-11-24T16:00:00Z, Tue 17:00 CET: window closed, OUTSIDE_CHANGE_WINDOW",
            "2026-10-23T07:30:00Z, Fri 09:30 CEST: before the autumn switch, ALLOW",
            "2026-10-26T07:30:00Z, Mon 08:30 CET: same UTC time after the switch, OUTSIDE_CHANGE_WINDOW",
            "2026-10-26T08:00:00Z, Mon 09:00 CET: opens an hour later in UTC, ALLOW",
            "2027-03-26T07:30:00Z, Fri 08:30 CET: before the spring switch, OUTSIDE_CHANGE_WINDOW",
            "2027-03-29T07:30:00Z, Mon 09:30 CEST: same UTC time after the switch, ALLOW",
            "2027-03-29T15:00:00Z, Mon 17:00 CEST: closes an hour earlier in UTC, OUTSIDE_CHANGE_WINDOW",
            "2026-11-28T10:00:00Z, Saturday, OUTSIDE_CHANGE_WINDOW",
            "2026-12-21T10:00:00Z, Mon inside the year-end freeze, FREEZE_ACTIVE",
            "2027-01-04T08:00:00Z, Mon 09:00 CET: freeze over and window open, ALLOW",
            "2027-01-11T09:00:00Z, Mon 10:00 CET: freeze starts (inclusive), FREEZE_ACTIVE",
            "2027-01-11T10:59:59Z, Mon 11:59:59 CET: last second of the freeze, FREEZE_ACTIVE",
            "2027-01-11T11:00:00Z, Mon 12:00 CET: freeze ended (exclusive), ALLOW"})
    void shouldDecideExactlyAtTheEdgesOfWindowsAndFreezes(Instant at, String story, String expected) {
        MutableClock clock = new MutableClock(at);
        InMemoryAuditStore store = new InMemoryAuditStore(clock);
        DefaultPromotionService service = new DefaultPromotionService(PolicyProvider.fixed(POLICY), store, clock);

        Decision decision = gate(service, "production", Requester.human("alice"),
                new RunRef("shop/release", "42", "alice", null, List.of()), ServiceFixture.pom());

        if ("ALLOW".equals(expected)) {
            assertThat(decision.outcome()).as(story + ": " + codes(decision)).isEqualTo(Outcome.ALLOW);
        } else {
            assertDeniedAndAudited(store, decision, ReasonCode.valueOf(expected));
        }
    }
}
