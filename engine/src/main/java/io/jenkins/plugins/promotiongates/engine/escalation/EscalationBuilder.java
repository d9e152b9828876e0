package io.jenkins.plugins.promotiongates.engine.escalation;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.entitlement.EntitlementScope;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import io.jenkins.plugins.promotiongates.engine.model.Escalation;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ProvenanceEvidence;
import io.jenkins.plugins.promotiongates.engine.model.SignatureEvidence;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the {@link Escalation} for a decision that waits for a human: the triggers are the decision's PENDING
 * checks, the evidence is what the request carried (artifacts and digests, signature and provenance facts compared
 * with the job's repository, touched paths, the entitlement's claims) and the decision needed is one question.
 *
 * <p>The text depends only on the request and the decision, so the same input always gives the same escalation
 * (the audit trail and the approval page show identical words). A denied or allowed decision has no escalation:
 * a human cannot turn a failed check into an allow.
 */
public final class EscalationBuilder {
    /** Artifacts named in the one-line summary; the evidence lists up to {@link #MAX_ARTIFACTS}. */
    static final int SUMMARY_ARTIFACTS = 3;
    static final int MAX_ARTIFACTS = 100;
    static final int MAX_PATHS = 20;

    /** The escalation for a PENDING decision, or empty when the decision does not wait for a human. */
    public Optional<Escalation> build(PromotionRequest request, Decision decision) {
        if (decision.outcome() != Outcome.PENDING) {
            return Optional.empty();
        }
        List<CheckResult> triggers = decision.checks().stream()
                .filter(check -> check.status() == CheckStatus.PENDING).toList();
        if (triggers.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> evidence = new TreeMap<>();
        List<String> suspicions = new ArrayList<>();
        collectRequest(request, evidence);
        collectArtifacts(request, evidence, suspicions);
        collectPaths(request, evidence);
        collectEntitlement(request, evidence);
        String attempted = attempted(request);
        return Optional.of(new Escalation(request.requester().id(), attempted, triggers, evidence,
                question(request, triggers, suspicions)));
    }

    /** The decision with its escalation attached when it has one; otherwise the decision unchanged. */
    public Decision attachTo(PromotionRequest request, Decision decision) {
        return build(request, decision).map(decision::withEscalation).orElse(decision);
    }

    private static void collectRequest(PromotionRequest request, Map<String, String> evidence) {
        evidence.put("requester", request.requester().id());
        evidence.put("requester.kind", lower(request.requester().kind().name()));
        evidence.put("action", action(request));
        evidence.put("environment", request.environment());
        evidence.put("correlation_id", request.correlationId());
        evidence.put("run", request.run().id());
        putIfPresent(evidence, "run.started_by", request.run().startedBy());
        evidence.put("job.repository", request.run().repository() == null ? "(unknown)" : request.run().repository());
        if (request.freezeExceptionRequested()) {
            evidence.put("freeze_exception_requested", "yes");
        }
        TestEvidence tests = request.tests();
        if (tests != null) {
            evidence.put("tests", tests.passed() + " passed, " + tests.failed() + " failed, " + tests.skipped()
                    + " skipped");
        }
        putIfPresent(evidence, "rollback_plan", request.rollbackPlan());
    }

    private static void collectArtifacts(PromotionRequest request, Map<String, String> evidence,
            List<String> suspicions) {
        List<ArtifactEvidence> artifacts = request.artifacts();
        evidence.put("artifacts.count", Integer.toString(artifacts.size()));
        String jobRepository = request.run().repository();
        for (int i = 0; i < Math.min(artifacts.size(), MAX_ARTIFACTS); i++) {
            ArtifactEvidence artifact = artifacts.get(i);
            // Zero-padded so that the sorted evidence lists artifacts in request order.
            String prefix = String.format(Locale.ROOT, "artifact.%03d.", i + 1);
            evidence.put(prefix + "name", artifact.artifact().name());
            evidence.put(prefix + "digest", artifact.artifact().digest().toString());
            SignatureEvidence signature = artifact.signature();
            evidence.put(prefix + "signature", signature == null ? "missing"
                    : signature.verified() && signature.identity() != null ? "verified, identity "
                    + signature.identity()
                    : signature.verified() ? "verified"
                    : "not verified (" + signature.failure() + "): " + signature.detail());
            ProvenanceEvidence provenance = artifact.provenance();
            if (provenance == null) {
                evidence.put(prefix + "provenance", "missing");
                continue;
            }
            if (!provenance.verified()) {
                evidence.put(prefix + "provenance", "not verified (" + provenance.failure() + "): "
                        + provenance.detail());
                continue;
            }
            evidence.put(prefix + "provenance", "verified");
            putIfPresent(evidence, prefix + "provenance.builder", provenance.builderId());
            putIfPresent(evidence, prefix + "provenance.source", provenance.sourceRepository());
            putIfPresent(evidence, prefix + "provenance.ref", provenance.sourceRef());
            String source = provenance.sourceRepository();
            if (source == null || jobRepository == null) {
                evidence.put(prefix + "provenance.source_vs_job", "cannot compare (unknown)");
            } else if (EntitlementScope.repositoryMatches(source, jobRepository)
                    || EntitlementScope.repositoryMatches(jobRepository, source)) {
                evidence.put(prefix + "provenance.source_vs_job", "same");
            } else {
                evidence.put(prefix + "provenance.source_vs_job", "DIFFERENT");
                suspicions.add(artifact.artifact().name() + " was built from " + source + " but the job builds "
                        + jobRepository);
            }
        }
    }

    private static void collectPaths(PromotionRequest request, Map<String, String> evidence) {
        List<String> paths = request.changedPaths();
        if (paths.isEmpty()) {
            return;
        }
        evidence.put("changed_paths.count", Integer.toString(paths.size()));
        List<String> shown = paths.stream().limit(MAX_PATHS).map(Identifiers::printable).toList();
        String more = paths.size() > MAX_PATHS ? ", … and " + (paths.size() - MAX_PATHS) + " more" : "";
        evidence.put("changed_paths", String.join(", ", shown) + more);
    }

    private static void collectEntitlement(PromotionRequest request, Map<String, String> evidence) {
        EntitlementEvidence entitlement = request.entitlement();
        if (entitlement == null) {
            if (request.requester().isAgent()) {
                evidence.put("entitlement", "none presented");
            }
            return;
        }
        if (!entitlement.valid()) {
            evidence.put("entitlement", "invalid (" + entitlement.failure() + "): " + entitlement.detail());
            return;
        }
        evidence.put("entitlement", "valid");
        putIfPresent(evidence, "entitlement.agent_id", entitlement.agentId());
        putIfPresent(evidence, "entitlement.task", entitlement.task());
        evidence.put("entitlement.repos", String.join(", ", entitlement.repositories()));
        evidence.put("entitlement.actions", String.join(", ", entitlement.actions()));
        evidence.put("entitlement.environments", String.join(", ", entitlement.environments()));
        putIfPresent(evidence, "entitlement.issuer", entitlement.issuer());
        if (entitlement.expiresAt() != null) {
            evidence.put("entitlement.expires_at", entitlement.expiresAt().toString());
        }
    }

    private static String attempted(PromotionRequest request) {
        return action(request) + " " + artifactSummary(request) + " to " + request.environment() + " (run "
                + request.run().id() + ")";
    }

    private static String artifactSummary(PromotionRequest request) {
        List<ArtifactEvidence> artifacts = request.artifacts();
        if (artifacts.isEmpty()) {
            return "no artifacts";
        }
        List<String> named = artifacts.stream().limit(SUMMARY_ARTIFACTS)
                .map(a -> a.artifact().name() + " (" + a.artifact().digest() + ")").toList();
        String more = artifacts.size() > SUMMARY_ARTIFACTS
                ? " and " + (artifacts.size() - SUMMARY_ARTIFACTS) + " more artifacts" : "";
        return String.join(", ", named) + more;
    }

    private static String question(PromotionRequest request, List<CheckResult> triggers, List<String> suspicions) {
        Set<String> reasons = new LinkedHashSet<>();
        for (CheckResult trigger : triggers) {
            reasons.add(reason(request, trigger));
        }
        StringBuilder text = new StringBuilder("Should ")
                .append(request.requester().isAgent() ? "agent '" : "user '").append(request.requester().id())
                .append("' be allowed to ").append(action(request)).append(' ').append(artifactSummary(request))
                .append(" to ").append(request.environment()).append(" even though ")
                .append(String.join("; ", reasons)).append('?');
        if (!suspicions.isEmpty()) {
            text.append(" Check first: ").append(String.join("; ", suspicions)).append('.');
        }
        text.append(" Approve to let this one promotion proceed, or reject to deny it.");
        return text.toString();
    }

    private static String reason(PromotionRequest request, CheckResult trigger) {
        return switch (trigger.code()) {
            case AGENTS_NOT_ALLOWED -> "agents may promote to " + request.environment()
                    + " only with a human's approval";
            case FREEZE_EXCEPTION_NEEDS_APPROVAL -> "a change freeze is in force and an exception was requested";
            case ENTITLEMENT_OUT_OF_SCOPE -> "the request goes beyond the agent's entitlement";
            case APPROVAL_REQUIRED -> "the policy requires approval to promote to " + request.environment();
            case SOURCE_REPO_MISMATCH -> "the provenance names a different source repository than the job builds";
            case ESCALATION_REQUIRED -> "rule '" + trigger.gate() + "' asks for a human decision";
            default -> "check '" + trigger.gate() + "' needs a human decision (" + trigger.code() + ")";
        };
    }

    private static String action(PromotionRequest request) {
        return lower(request.action().name());
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static void putIfPresent(Map<String, String> evidence, String key, @CheckForNull String value) {
        if (value != null) {
            evidence.put(key, value);
        }
    }
}
