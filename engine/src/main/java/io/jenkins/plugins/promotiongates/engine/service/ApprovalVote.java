package io.jenkins.plugins.promotiongates.engine.service;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Digest;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One person's approve or reject click, bound to exactly what the page showed. An approval for another digest,
 * run, environment or policy version does not match the pending request and is refused (no replay).
 *
 * @param correlationId      the promotion voted on
 * @param voter              the user id of the person voting
 * @param voterGroups        the groups the security realm reports for the voter
 * @param hasApprovePermission whether the voter holds the plugin's Approve permission (checked by the caller's
 *                           security realm; the engine still refuses without it)
 * @param voterIsAgent       true when the vote comes from an agent identity (never allowed to approve)
 * @param verdict            approve or reject
 * @param comment            the voter's comment; required to reject and for break-glass
 * @param runId              the run id the page showed
 * @param environment        the environment the page showed
 * @param digests            the digests the page showed
 * @param policyHash         the policy version the page showed
 */
public record ApprovalVote(String correlationId, String voter, Set<String> voterGroups, boolean hasApprovePermission,
        boolean voterIsAgent, Verdict verdict, @CheckForNull String comment, String runId, String environment,
        List<Digest> digests, String policyHash) {
    /** What the voter decided. */
    public enum Verdict {
        APPROVE,
        REJECT
    }

    public ApprovalVote {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(voter, "voter");
        voterGroups = Set.copyOf(voterGroups);
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(environment, "environment");
        digests = List.copyOf(digests);
        Objects.requireNonNull(policyHash, "policyHash");
    }
}
