package io.jenkins.plugins.promotiongates.engine.service;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;

import java.util.List;

/**
 * Whether a credential may be bound, and why.
 *
 * @param granted       true only if the policy maps the credential to this environment, the run passed the gate for
 *                      it and the digests are unchanged
 * @param correlationId the promotion the binding belongs to, if one was found
 * @param checks        the checks made
 */
public record CredentialDecision(boolean granted, @CheckForNull String correlationId, List<CheckResult> checks) {
    public CredentialDecision {
        checks = List.copyOf(checks);
    }
}
