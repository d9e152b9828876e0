package io.jenkins.plugins.promotiongates.engine.anomaly;

import nl.jqno.equalsverifier.EqualsVerifier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The anomaly values that go to the audit trail compare by value and refuse inconsistent content. */
class AnomalyValuesTest {
    private static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");

    @Test
    void shouldCompareValuesByContent() {
        EqualsVerifier.forClass(Identity.class).verify();
        EqualsVerifier.forClass(GateObservation.class).withPrefabValues(Identity.class, Identity.agent("a"),
                Identity.user("b")).verify();
        EqualsVerifier.forClass(Quarantine.class).withPrefabValues(Identity.class, Identity.agent("a"),
                Identity.user("b")).verify();
    }

    @Test
    void shouldRefuseLiftOfAnotherIdentitysQuarantine() {
        Quarantine quarantine = new Quarantine(Identity.agent("a"), "denied", T0, Quarantine.BY_POLICY);

        assertThatThrownBy(() -> new QuarantineLift(Identity.agent("b"), "carol", "ok", T0, quarantine))
                .hasMessage("the lifted quarantine is about agent:a, not agent:b");
    }

    @Test
    void shouldRefuseInconsistentSignalsAndUnsafeIdentities() {
        assertThatThrownBy(() -> new AnomalySignal(AnomalySignal.Type.REQUEST_BURST, Identity.job("j"), T0,
                Duration.ZERO, 1, 0, null, "m")).hasMessageContaining("threshold >= 1");
        assertThatThrownBy(() -> Identity.agent("a\nb")).hasMessageContaining("control character");
        assertThatThrownBy(() -> Identity.agent("")).hasMessage("identity must not be empty");
    }

    @Test
    void shouldSortIdentitiesByKindThenId() {
        assertThat(Identity.user("a").compareTo(Identity.agent("z"))).isPositive();
        assertThat(Identity.agent("a").compareTo(Identity.agent("b"))).isNegative();
    }
}
