package io.jenkins.plugins.promotiongates.engine.anomaly;

import io.jenkins.plugins.promotiongates.engine.audit.MutableClock;
import io.jenkins.plugins.promotiongates.engine.anomaly.AnomalySignal.Type;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

// Type is only ever AnomalySignal.Type here, the subject of this test; qualifying it 20 times would not help.
@SuppressWarnings("BadImport")
class AnomalyDetectorTest {
    private static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    private static final Identity AGENT = Identity.agent("docs-refactor-042");
    private static final String REPO = "https://github.com/acme/docs-site";
    /** 3 denials in 10 min; 5 requests in 1 min; 2 production attempts in 10 min. */
    private static final AnomalyThresholds THRESHOLDS = new AnomalyThresholds(3, Duration.ofMinutes(10), true, 5,
            Duration.ofMinutes(1), 2);

    private final AnomalyDetector detector = new AnomalyDetector(THRESHOLDS, CLOCK);

    private static GateObservation at(Duration offset, String environment, Outcome outcome) {
        return new GateObservation(AGENT, environment, REPO, outcome, T0.plus(offset));
    }

    private List<Type> types(GateObservation observation) {
        return detector.observe(observation).stream().map(AnomalySignal::type).toList();
    }

    @Test
    void shouldSignalRepeatedDenialsAtTheThresholdAndNotBefore() {
        assertThat(types(at(Duration.ZERO, "staging", Outcome.DENY))).isEmpty();
        assertThat(types(at(Duration.ofMinutes(1), "staging", Outcome.DENY))).isEmpty();

        List<AnomalySignal> signals = detector.observe(at(Duration.ofMinutes(2), "staging", Outcome.DENY));

        assertThat(signals).singleElement().satisfies(signal -> {
            assertThat(signal.type()).isEqualTo(Type.REPEATED_DENIALS);
            assertThat(signal.identity()).isEqualTo(AGENT);
            assertThat(signal.count()).isEqualTo(3);
            assertThat(signal.threshold()).isEqualTo(3);
            assertThat(signal.window()).isEqualTo(Duration.ofMinutes(10));
            assertThat(signal.observedAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
            assertThat(signal.message()).isEqualTo("agent:docs-refactor-042 was denied 3 times within 10 min");
        });
    }

    @ParameterizedTest(name = "third denial {0} ms after the first -> signal {1}")
    @CsvSource({"599999, true", "600000, false", "600001, false"})
    void shouldCountDenialsInHalfOpenWindow(long millis, boolean signal) {
        detector.observe(at(Duration.ZERO, "staging", Outcome.DENY));
        detector.observe(at(Duration.ofMillis(1), "staging", Outcome.DENY));

        List<Type> types = types(at(Duration.ofMillis(millis), "staging", Outcome.DENY));

        assertThat(types.contains(Type.REPEATED_DENIALS)).isEqualTo(signal);
    }

    @Test
    void shouldRestartTheCountAfterASignal() {
        for (int i = 0; i < 3; i++) {
            detector.observe(at(Duration.ofMinutes(i), "staging", Outcome.DENY));
        }

        assertThat(types(at(Duration.ofMinutes(3), "staging", Outcome.DENY))).isEmpty();
        assertThat(types(at(Duration.ofMinutes(4), "staging", Outcome.DENY))).isEmpty();
        assertThat(types(at(Duration.ofMinutes(5), "staging", Outcome.DENY))).containsExactly(Type.REPEATED_DENIALS);
    }

    @Test
    void shouldNotCountAllowedOrPendingOutcomesAsDenials() {
        detector.observe(at(Duration.ZERO, "staging", Outcome.DENY));
        detector.observe(at(Duration.ofMinutes(1), "staging", Outcome.ALLOW));
        detector.observe(at(Duration.ofMinutes(2), "staging", Outcome.PENDING));

        assertThat(types(at(Duration.ofMinutes(3), "staging", Outcome.DENY))).isEmpty();
        assertThat(types(at(Duration.ofMinutes(4), "staging", Outcome.DENY))).containsExactly(Type.REPEATED_DENIALS);
    }

    @ParameterizedTest(name = "fifth request {0} s after the first -> burst {1}")
    @CsvSource({"59, true", "60, false"})
    void shouldSignalBurstOfRequestsWithinTheBurstWindow(long seconds, boolean burst) {
        for (int i = 0; i < 4; i++) {
            assertThat(types(at(Duration.ofSeconds(i), "staging", Outcome.ALLOW))).isEmpty();
        }

        List<AnomalySignal> signals = detector.observe(at(Duration.ofSeconds(seconds), "staging", Outcome.ALLOW));

        assertThat(signals.stream().anyMatch(s -> s.type() == Type.REQUEST_BURST)).isEqualTo(burst);
        if (burst) {
            assertThat(signals.get(0).message()).isEqualTo("agent:docs-refactor-042 sent 5 promotion requests within "
                    + "1 min");
        }
    }

    @Test
    void shouldSignalRepeatedProductionAttemptsThatWereNotAllowed() {
        detector.observe(at(Duration.ZERO, "production", Outcome.ALLOW));
        detector.observe(at(Duration.ofMinutes(1), "staging", Outcome.PENDING));
        assertThat(types(at(Duration.ofMinutes(2), "production", Outcome.PENDING))).isEmpty();

        List<AnomalySignal> signals = detector.observe(at(Duration.ofMinutes(3), "production", Outcome.PENDING));

        assertThat(signals).extracting(AnomalySignal::type).containsExactly(Type.REPEATED_PRODUCTION_ATTEMPTS);
        assertThat(signals.get(0).subject()).isEqualTo("production");
        assertThat(signals.get(0).message()).isEqualTo("agent:docs-refactor-042 asked 2 times within 10 min to "
                + "promote to production without being allowed");
    }

    @Test
    void shouldTakeTheFirstObservationAsBaselineWithoutSignals() {
        assertThat(types(at(Duration.ZERO, "production", Outcome.ALLOW))).isEmpty();
    }

    @Test
    void shouldSignalRequestBroaderThanHistory() {
        detector.observe(at(Duration.ZERO, "staging", Outcome.ALLOW));
        detector.observe(at(Duration.ofHours(1), "staging", Outcome.ALLOW));

        List<AnomalySignal> signals = detector.observe(at(Duration.ofHours(2), "production", Outcome.ALLOW));

        assertThat(signals).singleElement().satisfies(signal -> {
            assertThat(signal.type()).isEqualTo(Type.BROADER_THAN_HISTORY);
            assertThat(signal.subject()).isEqualTo("production");
            assertThat(signal.message()).isEqualTo("agent:docs-refactor-042 asked for production but had only ever "
                    + "asked for staging or earlier");
        });
        assertThat(types(at(Duration.ofHours(3), "production", Outcome.ALLOW))).isEmpty();
    }

    @Test
    void shouldSignalFirstTimeEnvironmentThatIsNotBroader() {
        detector.observe(at(Duration.ZERO, "production", Outcome.ALLOW));

        assertThat(types(at(Duration.ofHours(1), "staging", Outcome.ALLOW)))
                .containsExactly(Type.FIRST_TIME_ENVIRONMENT);
        assertThat(types(at(Duration.ofHours(2), "qa", Outcome.ALLOW))).containsExactly(Type.FIRST_TIME_ENVIRONMENT);
    }

    @Test
    void shouldSignalFirstTimeRepository() {
        detector.observe(at(Duration.ZERO, "staging", Outcome.ALLOW));

        List<AnomalySignal> signals = detector.observe(new GateObservation(AGENT, "staging",
                "https://github.com/acme/payments", Outcome.ALLOW, T0.plus(Duration.ofHours(1))));

        assertThat(signals).extracting(AnomalySignal::type).containsExactly(Type.FIRST_TIME_REPOSITORY);
        assertThat(signals.get(0).message()).isEqualTo("agent:docs-refactor-042 worked on "
                + "https://github.com/acme/payments for the first time");
    }

    @Test
    void shouldKeepIdentitiesOfDifferentKindsApart() {
        detector.observe(at(Duration.ZERO, "staging", Outcome.DENY));
        detector.observe(at(Duration.ofSeconds(1), "staging", Outcome.DENY));

        List<AnomalySignal> user = detector.observe(new GateObservation(Identity.user(AGENT.id()), "staging", REPO,
                Outcome.DENY, T0.plusSeconds(2)));

        assertThat(user).isEmpty();
    }

    @Test
    void shouldSignalEveryDenialWhenThresholdIsOne() {
        AnomalyDetector strict = new AnomalyDetector(new AnomalyThresholds(1, Duration.ofMinutes(1), true, 100,
                Duration.ofMinutes(1), 100), CLOCK);

        assertThat(strict.observe(at(Duration.ZERO, "staging", Outcome.DENY))).hasSize(1);
        assertThat(strict.observe(at(Duration.ofSeconds(1), "staging", Outcome.DENY))).hasSize(1);
    }

    @Test
    void shouldCountLateObservationAtTheIdentitysLatestTime() {
        detector.observe(at(Duration.ofMinutes(20), "staging", Outcome.DENY));
        detector.observe(at(Duration.ofMinutes(5), "staging", Outcome.DENY));

        assertThat(types(at(Duration.ofMinutes(21), "staging", Outcome.DENY))).containsExactly(Type.REPEATED_DENIALS);
    }

    @Test
    void shouldRebuildStateByReplayingPastObservations() {
        AnomalyDetector restarted = new AnomalyDetector(THRESHOLDS, CLOCK);
        restarted.replay(List.of(at(Duration.ZERO, "staging", Outcome.DENY),
                at(Duration.ofMinutes(1), "staging", Outcome.DENY)));

        assertThat(restarted.observe(at(Duration.ofMinutes(2), "production", Outcome.DENY)))
                .extracting(AnomalySignal::type).containsExactly(Type.REPEATED_DENIALS, Type.BROADER_THAN_HISTORY);
    }

    @Test
    void shouldBoundTrackedIdentitiesAndDropTheLeastRecentlySeen() {
        AnomalyDetector small = new AnomalyDetector(THRESHOLDS, AnomalyDetector.DEFAULT_ENVIRONMENT_ORDER, 2,
                Duration.ofDays(1), CLOCK);
        small.observe(new GateObservation(Identity.agent("a"), "staging", REPO, Outcome.ALLOW, T0));
        small.observe(new GateObservation(Identity.agent("b"), "staging", REPO, Outcome.ALLOW, T0));
        small.observe(new GateObservation(Identity.agent("a"), "staging", REPO, Outcome.ALLOW, T0));
        small.observe(new GateObservation(Identity.agent("c"), "staging", REPO, Outcome.ALLOW, T0));

        assertThat(small.trackedIdentities()).isEqualTo(2);
        assertThat(small.observe(new GateObservation(Identity.agent("a"), "production", REPO, Outcome.ALLOW, T0)))
                .extracting(AnomalySignal::type).containsExactly(Type.BROADER_THAN_HISTORY);
        assertThat(small.observe(new GateObservation(Identity.agent("b"), "production", REPO, Outcome.ALLOW, T0)))
                .as("b was dropped, so this is its baseline").isEmpty();
    }

    @Test
    void shouldForgetIdentitiesIdleLongerThanTheRetention() {
        MutableClock clock = new MutableClock(T0);
        AnomalyDetector forgetful = new AnomalyDetector(THRESHOLDS, AnomalyDetector.DEFAULT_ENVIRONMENT_ORDER, 100,
                Duration.ofDays(1), clock);
        forgetful.observe(new GateObservation(Identity.agent("old"), "staging", REPO, Outcome.ALLOW, T0));
        clock.advance(Duration.ofDays(1).plusMillis(1));

        forgetful.observe(new GateObservation(Identity.agent("new"), "staging", REPO, Outcome.ALLOW,
                clock.instant()));

        assertThat(forgetful.trackedIdentities()).isEqualTo(1);
    }

    @Test
    void shouldObserveRequesterAndJobOfARequest() {
        PromotionRequest request = PromotionRequest.builder("c", "canary", Requester.agent("a-1"),
                new RunRef("shop/main", "3", null, REPO, List.of())).build();

        List<GateObservation> observations = GateObservation.forRequest(request, Outcome.DENY, T0);

        assertThat(observations).extracting(GateObservation::identity)
                .containsExactly(Identity.agent("a-1"), Identity.job("shop/main"));
        assertThat(observations).allSatisfy(o -> assertThat(o.repository()).isEqualTo(REPO));
    }

    @Test
    void shouldStayBoundedUnderManyIdentities() {
        AnomalyDetector bounded = new AnomalyDetector(THRESHOLDS, AnomalyDetector.DEFAULT_ENVIRONMENT_ORDER, 1_000,
                Duration.ofDays(1), CLOCK);
        List<AnomalySignal> signals = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            signals.addAll(bounded.observe(new GateObservation(Identity.agent("agent-" + (i % 5_000)), "staging",
                    REPO, i % 2 == 0 ? Outcome.DENY : Outcome.ALLOW, T0.plusMillis(i))));
        }

        assertThat(bounded.trackedIdentities()).isEqualTo(1_000);
        assertThat(signals).isEmpty();
    }
}
