package io.jenkins.plugins.promotiongates.engine.service;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;

import java.util.List;
import java.util.Objects;

/**
 * A run asks to bind a credential for an environment.
 *
 * @param environment    the environment the block deploys to
 * @param credentialId   the credential asked for
 * @param run            the asking run
 * @param currentDigests the artifacts re-hashed just now, compared with what the gate verified
 * @param origin         where the credential id resolved (the Jenkins plugin always reports it); {@code null} for
 *                       callers that resolve no credential store (the CLI's demo), whose requests skip that check
 */
public record CredentialRequest(String environment, String credentialId, RunRef run, List<ArtifactRef> currentDigests,
        @CheckForNull CredentialOrigin origin) {
    public CredentialRequest {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(run, "run");
        currentDigests = List.copyOf(currentDigests);
    }

    /** A request without origin facts (no credential store was consulted). */
    public CredentialRequest(String environment, String credentialId, RunRef run, List<ArtifactRef> currentDigests) {
        this(environment, credentialId, run, currentDigests, null);
    }
}
