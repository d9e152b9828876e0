package io.jenkins.plugins.promotiongates.engine.anomaly;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One gate outcome as seen by one identity: the input of {@link AnomalyDetector}. The lead feeds it from the
 * decisions it records (and replays past ones at start-up).
 *
 * @param identity    whose behaviour this is
 * @param environment the environment asked for
 * @param repository  the job's source repository, if known
 * @param outcome     what the gate decided
 * @param time        when it decided
 */
public record GateObservation(Identity identity, String environment, @CheckForNull String repository,
        Outcome outcome, Instant time) {
    public GateObservation {
        Objects.requireNonNull(identity, "identity");
        Identifiers.requireEnvironmentName(environment);
        if (repository != null) {
            Identifiers.requireSafeText("repository", repository, 1024);
        }
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(time, "time");
    }

    public static GateObservation of(String identity, IdentityKind kind, String environment,
            @CheckForNull String repository, Outcome outcome, Instant time) {
        return new GateObservation(new Identity(kind, identity), environment, repository, outcome, time);
    }

    /** The observations one decision makes: one for the requester (agent or user) and one for the job. */
    public static List<GateObservation> forRequest(PromotionRequest request, Outcome outcome, Instant time) {
        String repository = request.run().repository();
        return List.of(
                new GateObservation(Identity.of(request.requester()), request.environment(), repository, outcome,
                        time),
                new GateObservation(Identity.of(request.run()), request.environment(), repository, outcome, time));
    }
}
