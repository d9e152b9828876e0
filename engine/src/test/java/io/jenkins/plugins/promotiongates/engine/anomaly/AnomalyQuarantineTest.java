package io.jenkins.plugins.promotiongates.engine.anomaly;

import io.jenkins.plugins.promotiongates.engine.audit.MutableClock;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Quarantine: turned on by repeated denials, lifted only by another admin, rebuilt from the audit trail. */
class AnomalyQuarantineTest {
    private static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");
    private static final Identity AGENT = Identity.agent("docs-refactor-042");
    private static final AnomalyThresholds THRESHOLDS = new AnomalyThresholds(3, Duration.ofMinutes(10), true, 50,
            Duration.ofMinutes(1), 10);
    private static final PromotionRequest REQUEST = PromotionRequest.builder("c-1", "staging",
            Requester.agent(AGENT.id()), new RunRef("docs/main", "9", null, "https://github.com/acme/docs-site",
                    List.of())).build();

    private final MutableClock clock = new MutableClock(T0);
    private final AnomalyDetector detector = new AnomalyDetector(THRESHOLDS, clock);
    private final QuarantineRegistry registry = new QuarantineRegistry(clock);

    /** What the lead does per decision: observe, apply the policy to each signal, keep the audit events. */
    private List<Quarantine> deny(int times) {
        List<Quarantine> imposed = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            for (GateObservation observation : GateObservation.forRequest(REQUEST, Outcome.DENY, clock.instant())) {
                for (AnomalySignal signal : detector.observe(observation)) {
                    registry.apply(signal, THRESHOLDS).ifPresent(imposed::add);
                }
            }
            clock.advance(Duration.ofMinutes(1));
        }
        return imposed;
    }

    @Test
    void shouldQuarantineAfterRepeatedDenialsAndLetAnAdminLiftIt() {
        assertThat(deny(2)).isEmpty();
        assertThat(registry.check(REQUEST).status()).isEqualTo(CheckStatus.PASSED);

        List<Quarantine> imposed = deny(1);

        assertThat(imposed).extracting(Quarantine::identity)
                .containsExactly(AGENT, Identity.job("docs/main"));
        assertThat(imposed.get(0)).isEqualTo(new Quarantine(AGENT,
                "agent:docs-refactor-042 was denied 3 times within 10 min", T0.plus(Duration.ofMinutes(2)),
                Quarantine.BY_POLICY));
        CheckResult denied = registry.check(REQUEST);
        assertThat(denied.code()).isEqualTo(ReasonCode.IDENTITY_QUARANTINED);
        assertThat(denied.message()).isEqualTo("agent:docs-refactor-042 is quarantined since 2026-11-25T02:02:00Z "
                + "(agent:docs-refactor-042 was denied 3 times within 10 min); an admin must lift the quarantine");

        clock.advance(Duration.ofMinutes(30));
        QuarantineLift lift = registry.lift(AGENT, "carol", "agent task reviewed, entitlement fixed");
        registry.lift(Identity.job("docs/main"), "carol", "job reviewed");

        assertThat(lift.admin()).isEqualTo("carol");
        assertThat(lift.reason()).isEqualTo("agent task reviewed, entitlement fixed");
        assertThat(lift.liftedAt()).isEqualTo(T0.plus(Duration.ofMinutes(33)));
        assertThat(lift.lifted()).isEqualTo(imposed.get(0));
        assertThat(registry.isQuarantined(AGENT)).isEmpty();
        assertThat(registry.check(REQUEST).status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void shouldDenyEveryRequestOfAQuarantinedJob() {
        registry.quarantine(Identity.job("docs/main"), "suspicious", T0, "dave");

        CheckResult result = registry.check(REQUEST);

        assertThat(result.code()).isEqualTo(ReasonCode.IDENTITY_QUARANTINED);
        assertThat(result.evidence()).containsEntry("identity", "job:docs/main").containsEntry("quarantined_by",
                "dave");
    }

    @Test
    void shouldOnlyRecordSignalsWhenPolicyDoesNotQuarantine() {
        AnomalyThresholds recordOnly = new AnomalyThresholds(3, Duration.ofMinutes(10), false, 50,
                Duration.ofMinutes(1), 10);
        AnomalySignal signal = new AnomalySignal(AnomalySignal.Type.REPEATED_DENIALS, AGENT, T0,
                Duration.ofMinutes(10), 3, 3, null, "denied");
        AnomalySignal burst = new AnomalySignal(AnomalySignal.Type.REQUEST_BURST, AGENT, T0, Duration.ofMinutes(1),
                50, 50, null, "burst");

        assertThat(registry.apply(signal, recordOnly)).isEmpty();
        assertThat(registry.apply(burst, THRESHOLDS)).isEmpty();
        assertThat(registry.isQuarantined(AGENT)).isEmpty();
    }

    @Test
    void shouldNotQuarantineTwice() {
        assertThat(registry.quarantine(AGENT, "first", T0)).isPresent();

        assertThat(registry.quarantine(AGENT, "second", T0.plusSeconds(1))).isEmpty();
        assertThat(registry.isQuarantined(AGENT)).map(Quarantine::reason).contains("first");
    }

    @ParameterizedTest(name = "admin {0}")
    @ValueSource(strings = {"alice", "ALICE"})
    void shouldRefuseAnAdminLiftingTheirOwnQuarantine(String admin) {
        registry.quarantine(Identity.user("alice"), "denied 5 times", T0);

        assertThatThrownBy(() -> registry.lift(Identity.user("alice"), admin, "it was me"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("admin '" + admin + "' may not lift the quarantine on their own identity; another admin "
                        + "must");
        assertThat(registry.isQuarantined(Identity.user("alice"))).isPresent();
    }

    @Test
    void shouldRefuseLiftingWithoutQuarantineOrReason() {
        assertThatThrownBy(() -> registry.lift(AGENT, "carol", "why not"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("agent:docs-refactor-042 is not quarantined");
        registry.quarantine(AGENT, "denied", T0);
        assertThatThrownBy(() -> registry.lift(AGENT, "carol", ""))
                .hasMessage("lift reason must not be empty");
        assertThat(registry.isQuarantined(AGENT)).isPresent();
    }

    @Test
    void shouldRebuildStateFromAuditedEvents() {
        Quarantine a = new Quarantine(AGENT, "denied", T0, Quarantine.BY_POLICY);
        Quarantine b = new Quarantine(Identity.user("bob"), "denied", T0, Quarantine.BY_POLICY);
        QuarantineLift liftA = new QuarantineLift(AGENT, "carol", "ok", T0.plusSeconds(60), a);
        Quarantine again = new Quarantine(AGENT, "denied again", T0.plusSeconds(120), Quarantine.BY_POLICY);

        QuarantineRegistry restored = new QuarantineRegistry(clock);
        restored.restore(List.of(a, b, liftA));
        assertThat(restored.active()).containsExactly(b);

        restored.restore(List.of(again));
        assertThat(restored.active()).containsExactly(again, b);
        assertThat(restored.isQuarantined(AGENT)).isEqualTo(Optional.of(again));
    }

    @Test
    void shouldReadIdentitiesBackFromTheirTextForm() {
        assertThat(Identity.parse("agent:docs-refactor-042")).isEqualTo(AGENT);
        assertThat(Identity.parse("job:shop/main:x")).isEqualTo(Identity.job("shop/main:x"));
        assertThatThrownBy(() -> Identity.parse("robot:x")).hasMessageContaining("expected agent, user or job");
        assertThatThrownBy(() -> Identity.parse("x")).hasMessageContaining("expected KIND:ID");
    }
}
