package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.model.RunRef;

import java.util.Objects;

/**
 * How a deployment went, closing the promotion's audit chain.
 *
 * @param environment the environment deployed to
 * @param run         the run that deployed
 * @param outcome     success, failure or rolled back
 * @param detail      free text (link to logs, reason)
 */
public record DeploymentReport(String environment, RunRef run, DeploymentOutcome outcome, String detail) {
    /** What happened to the deployment. */
    public enum DeploymentOutcome {
        SUCCESS,
        FAILURE,
        ROLLED_BACK
    }

    public DeploymentReport {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }
}
