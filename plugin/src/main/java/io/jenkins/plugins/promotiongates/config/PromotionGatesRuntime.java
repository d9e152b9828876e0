package io.jenkins.plugins.promotiongates.config;

import io.jenkins.plugins.promotiongates.approval.WaitingGates;
import io.jenkins.plugins.promotiongates.engine.service.PromotionService;
import io.jenkins.plugins.promotiongates.util.AccessChecks;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What steps and pages need from the plugin at run time: the engine service, a background executor (blocking
 * work never runs on the CPS VM thread), the waiting gates to wake after an approval, the access checks, the
 * poller that re-checks waiting promotions (timeouts), and the admin's list of automated jobs.
 */
public record PromotionGatesRuntime(PromotionService service, Executor background, WaitingGates waitingGates,
        AccessChecks access, Poller poller, AutomatedJobs automatedJobs) {
    public PromotionGatesRuntime {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(waitingGates, "waitingGates");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(poller, "poller");
        Objects.requireNonNull(automatedJobs, "automatedJobs");
    }

    /** A runtime where the admin marked no job as automated. */
    public PromotionGatesRuntime(PromotionService service, Executor background, WaitingGates waitingGates,
            AccessChecks access, Poller poller) {
        this(service, background, waitingGates, access, poller, AutomatedJobs.NONE);
    }
}
