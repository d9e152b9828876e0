package io.jenkins.plugins.promotiongates.engine.gate;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.allowlist.Allowlist;
import io.jenkins.plugins.promotiongates.engine.allowlist.GlobSet;
import io.jenkins.plugins.promotiongates.engine.model.RepositoryNames;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequirement;
import io.jenkins.plugins.promotiongates.engine.ledger.PromotionHistory;
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
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RuleMode;
import io.jenkins.plugins.promotiongates.engine.model.SignatureEvidence;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import io.jenkins.plugins.promotiongates.engine.policy.AgentAccess;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;
import io.jenkins.plugins.promotiongates.engine.policy.EscalationRule;
import io.jenkins.plugins.promotiongates.engine.policy.FreezeRule;
import io.jenkins.plugins.promotiongates.engine.policy.ManagedKey;
import io.jenkins.plugins.promotiongates.engine.policy.OrderRule;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.ProvenanceRule;
import io.jenkins.plugins.promotiongates.engine.policy.RollbackPlanRule;
import io.jenkins.plugins.promotiongates.engine.policy.SignatureRule;
import io.jenkins.plugins.promotiongates.engine.policy.TrustedRoot;
import io.jenkins.plugins.promotiongates.engine.policy.TestsRule;
import io.jenkins.plugins.promotiongates.engine.policy.WindowRule;
import io.jenkins.plugins.promotiongates.engine.window.Freeze;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Evaluates a policy for one promotion request: a pure function of (policy, request, clock, ledger view). Every
 * condition produces exactly one {@link CheckResult}, in the fixed order of {@link #GATES}; a condition that is off
 * is {@code NOT_APPLICABLE}. The decision is the worst check: any enforced failure denies, any pending item
 * needs a human, and an evaluation error denies (fail closed). Thread-safe and allocation-light, so one instance
 * serves all requests.
 */
public final class GateEvaluator {
    /** The gates in evaluation order; each decision has one check per gate, in this order. */
    public static final List<String> GATES = List.of("environment", "actions", "agents", "allowlist", "signature",
            "provenance", "windows", "freezes", "order", "tests", "rollbackPlan", "escalation", "approvals");

    private static final String NONE = "(none)";
    private static final int MAX_LISTED = 10;

    private final Clock clock;

    public GateEvaluator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Decides the request. Never throws for a bad request or a failing ledger: those are denials with a reason. */
    public Decision evaluate(Policy policy, PromotionRequest request, PromotionHistory history) {
        Instant now = clock.instant();
        try {
            return decide(policy, request, history, now);
        } catch (RuntimeException e) {
            return Decision.denied(request.environment(), request.correlationId(), policy.hash(), now,
                    CheckResult.failed("evaluation", ReasonCode.INTERNAL_ERROR, "The policy could not be evaluated ("
                            + e.getClass().getSimpleName() + "), so the promotion is denied.",
                            Map.of("error", Identifiers.printable(String.valueOf(e.getMessage())))));
        }
    }

    private Decision decide(Policy policy, PromotionRequest request, PromotionHistory history, Instant now) {
        List<CheckResult> checks = new ArrayList<>(GATES.size());
        Optional<EnvironmentPolicy> found = policy.environment(request.environment());
        if (found.isEmpty()) {
            checks.add(CheckResult.failed("environment", ReasonCode.UNKNOWN_ENVIRONMENT, "Environment '"
                    + request.environment() + "' is not defined in the policy; expected one of "
                    + policy.environmentNames() + ".", ev("environment", request.environment(), "known",
                    String.join(", ", policy.environmentNames()))));
            for (int i = 1; i < GATES.size(); i++) {
                checks.add(CheckResult.notApplicable(GATES.get(i), "Not evaluated: the environment is unknown."));
            }
            return Decision.fromChecks(request.environment(), request.correlationId(), policy.hash(), now, checks,
                    null);
        }
        EnvironmentPolicy env = found.get();
        checks.add(CheckResult.passed("environment", "Environment '" + env.name() + "' is defined (position "
                + (env.position() + 1) + " of " + policy.environmentNames().size() + ").",
                ev("environment", env.name())));
        checks.add(action(env, request));
        checks.add(agents(env, request));
        checks.add(allowlist(env, request));
        checks.add(signature(env, request));
        checks.add(provenance(env, request));
        checks.add(windows(env, now));
        checks.add(freezes(env, request, now));
        checks.add(order(env, request, history, now));
        checks.add(tests(env, request));
        checks.add(rollbackPlan(env, request));
        checks.add(escalation(env, request));
        checks.add(approvals(env, request));
        Decision decision = Decision.fromChecks(env.name(), request.correlationId(), policy.hash(), now, checks,
                null);
        return decision.outcome() == Outcome.PENDING ? withEscalation(decision, request) : decision;
    }

    // ---- checks, in evaluation order ----

    private static CheckResult action(EnvironmentPolicy env, PromotionRequest request) {
        String action = actionName(request.action());
        if (env.allows(request.action())) {
            return CheckResult.passed("actions", "The policy allows " + action + " in " + env.name() + ".",
                    ev("action", action));
        }
        String allowed = env.actions().isEmpty() ? "no actions"
                : "only " + env.actions().stream().map(GateEvaluator::actionName).sorted().toList();
        return CheckResult.failed("actions", ReasonCode.NO_RULE_ALLOWS, "No rule allows " + action + " in "
                + env.name() + ": expected an action the environment lists, but it allows " + allowed + ".",
                ev("action", action, "allowed", env.actions().stream().map(GateEvaluator::actionName).sorted()
                        .toList().toString()));
    }

    private static CheckResult agents(EnvironmentPolicy env, PromotionRequest request) {
        if (!request.requester().isAgent()) {
            if (Requester.isSystem(request.requester().id())) {
                // SYSTEM is what Jenkins runs unattended work as: never a person, whatever the caller says.
                return CheckResult.failed("agents", ReasonCode.REQUESTER_NOT_A_PERSON, "The requester "
                        + request.requester().id() + " is Jenkins' internal identity, not a person; a run nobody "
                        + "started is automated and agent rules apply (" + env.name() + ": agents "
                        + env.agents().policyName() + ").", ev("requester", request.requester().id(),
                        "requester.source", request.requester().source().name()));
            }
            return CheckResult.notApplicable("agents", "The requester " + request.requester().id()
                    + " is a person (" + request.requester().source().name() + "); agent rules do not apply.");
        }
        String agent = request.requester().id();
        if (env.agents() == AgentAccess.NEVER) {
            return CheckResult.failed("agents", ReasonCode.AGENTS_NOT_ALLOWED, "Agent " + agent + " may not request "
                    + "promotions to " + env.name() + ": the policy allows humans only there.",
                    ev("agent", agent, "agents", env.agents().policyName()));
        }
        EntitlementEvidence entitlement = request.entitlement();
        if (entitlement == null) {
            return CheckResult.failed("agents", ReasonCode.ENTITLEMENT_MISSING, "missing evidence: agent " + agent
                    + " presented no entitlement, and agents need one to promote to " + env.name() + ".",
                    ev("agent", agent, "missing", "entitlement"));
        }
        if (!entitlement.valid()) {
            return CheckResult.failed("agents", entitlement.failure(), "The entitlement of agent " + agent
                    + " is not valid: " + entitlement.detail(), ev("agent", agent, "detail", entitlement.detail()));
        }
        Map<String, String> evidence = ev("agent", agent, "entitlement.agentId", entitlement.agentId(),
                "entitlement.task", entitlement.task(), "entitlement.environments",
                entitlement.environments().toString(), "entitlement.actions", entitlement.actions().toString(),
                "entitlement.repositories", entitlement.repositories().toString(), "entitlement.issuer",
                entitlement.issuer(), "entitlement.expiresAt", String.valueOf(entitlement.expiresAt()));
        if (entitlement.agentId() != null && !entitlement.agentId().equals(agent)) {
            return CheckResult.failed("agents", ReasonCode.ENTITLEMENT_INVALID, "The entitlement was issued to "
                    + entitlement.agentId() + ", but the requester is " + agent + ".", evidence);
        }
        if (!entitlement.environments().contains(env.name())) {
            return CheckResult.failed("agents", ReasonCode.ENTITLEMENT_OUT_OF_SCOPE, "The entitlement of agent "
                    + agent + " covers environments " + entitlement.environments() + ", not " + env.name() + ".",
                    evidence);
        }
        String action = actionName(request.action());
        if (!entitlement.actions().contains(action)) {
            return CheckResult.failed("agents", ReasonCode.ENTITLEMENT_OUT_OF_SCOPE, "The entitlement of agent "
                    + agent + " allows actions " + entitlement.actions() + ", not " + action + ".", evidence);
        }
        String repository = request.run().repository();
        if (repository == null) {
            return CheckResult.failed("agents", ReasonCode.MISSING_EVIDENCE, "missing evidence: the run names no "
                    + "source repository, so the entitlement's repositories " + entitlement.repositories()
                    + " cannot be checked.", evidence);
        }
        if (!coversRepository(entitlement.repositories(), repository)) {
            return CheckResult.failed("agents", ReasonCode.ENTITLEMENT_OUT_OF_SCOPE, "The entitlement of agent "
                    + agent + " covers repositories " + entitlement.repositories() + ", not "
                    + RepositoryNames.normalize(repository) + ".", put(evidence, "repository", repository));
        }
        if (env.agents() == AgentAccess.WITH_APPROVAL) {
            return CheckResult.pending("agents", ReasonCode.APPROVAL_REQUIRED, "Agent " + agent + " is entitled to "
                    + action + " in " + env.name() + ", and the policy requires a human to approve agent requests "
                    + "there.", evidence);
        }
        return CheckResult.passed("agents", "Agent " + agent + " is entitled to " + action + " in " + env.name()
                + " for task '" + entitlement.task() + "'.", evidence);
    }

    private static boolean coversRepository(List<String> entitled, String repository) {
        String normalized = RepositoryNames.normalize(repository);
        for (String candidate : entitled) {
            if (RepositoryNames.normalize(candidate).equals(normalized)) {
                return true;
            }
        }
        return false;
    }

    private static CheckResult allowlist(EnvironmentPolicy env, PromotionRequest request) {
        Optional<Allowlist> configured = env.allowlist();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("allowlist", "No deployment allowlist is configured for " + env.name()
                    + ".");
        }
        Allowlist allowlist = configured.get();
        Map<String, String> evidence = new TreeMap<>();
        if (!allowlist.jobs().isEmpty()) {
            String job = request.run().job();
            evidence.put("job", job);
            String match = allowlist.jobs().firstMatch(job);
            if (match == null) {
                return mode(CheckResult.failed("allowlist", ReasonCode.NOT_ON_ALLOWLIST, "Job " + job
                        + " is not on the " + env.name() + " allowlist; expected one of: "
                        + allowlist.jobs().summary() + ".", put(evidence, "allowed", allowlist.jobs().summary())),
                        allowlist.mode());
            }
            evidence.put("job.matched", match);
        }
        if (!allowlist.repositories().isEmpty()) {
            String repository = request.run().repository();
            if (repository == null) {
                return mode(missing("allowlist", "the run names no source repository, and the " + env.name()
                        + " allowlist restricts repositories", put(evidence, "missing", "repository")),
                        allowlist.mode());
            }
            String normalized = RepositoryNames.normalize(repository);
            evidence.put("repository", normalized);
            String match = allowlist.repositories().firstMatch(normalized);
            if (match == null) {
                return mode(CheckResult.failed("allowlist", ReasonCode.NOT_ON_ALLOWLIST, "Repository " + normalized
                        + " is not on the " + env.name() + " allowlist; expected one of: "
                        + allowlist.repositories().summary() + ".", put(evidence, "allowed",
                        allowlist.repositories().summary())), allowlist.mode());
            }
            evidence.put("repository.matched", match);
        }
        if (!allowlist.artifacts().isEmpty()) {
            if (request.artifacts().isEmpty()) {
                return mode(missing("allowlist", "the request names no artifacts", put(evidence, "missing",
                        "artifacts")), allowlist.mode());
            }
            for (ArtifactEvidence artifact : request.artifacts()) {
                String name = artifact.artifact().name();
                if (allowlist.artifacts().firstMatch(name) == null) {
                    evidence.put("artifact", name);
                    return mode(CheckResult.failed("allowlist", ReasonCode.NOT_ON_ALLOWLIST, "Artifact " + name
                            + " is not on the " + env.name() + " allowlist; expected a name matching: "
                            + allowlist.artifacts().summary() + ".", put(evidence, "allowed",
                            allowlist.artifacts().summary())), allowlist.mode());
                }
            }
            evidence.put("artifacts", String.valueOf(request.artifacts().size()));
        }
        return CheckResult.passed("allowlist", "The job, repository and artifacts are on the " + env.name()
                + " allowlist.", evidence);
    }

    private static CheckResult signature(EnvironmentPolicy env, PromotionRequest request) {
        Optional<SignatureRule> configured = env.signature();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("signature", "No signature rule is configured for " + env.name() + ".");
        }
        SignatureRule rule = configured.get();
        if (request.artifacts().isEmpty()) {
            return mode(missing("signature", "the request names no artifacts whose signatures could be checked",
                    ev("missing", "artifacts")), rule.mode());
        }
        for (ArtifactEvidence artifact : request.artifacts()) {
            SignatureEvidence signature = artifact.signature();
            if (signature == null) {
                return mode(missing("signature", "no signature was found for " + label(artifact),
                        put(artifactEvidence(artifact), "missing", "signature")), rule.mode());
            }
            if (!signature.verified()) {
                return mode(CheckResult.failed("signature", signature.failure(), "The signature of "
                        + label(artifact) + " did not verify: " + signature.detail(), put(withRoots(
                        artifactEvidence(artifact), rule), "detail", signature.detail())), rule.mode());
            }
            CheckResult lookAlike = lookAlikeSigner(artifact, signature);
            if (lookAlike != null) {
                return mode(lookAlike, rule.mode());
            }
            SignatureRule.Match match = rule.match(signature.identity(), signature.issuer());
            if (match != SignatureRule.Match.MATCHED) {
                Map<String, String> evidence = artifactEvidence(artifact);
                evidence.put("identity", orNone(signature.identity()));
                evidence.put("issuer", orNone(signature.issuer()));
                evidence.put("expected", rule.describeIdentities());
                ReasonCode code = match == SignatureRule.Match.ISSUER_MISMATCH ? ReasonCode.ISSUER_MISMATCH
                        : ReasonCode.IDENTITY_MISMATCH;
                return mode(CheckResult.failed("signature", code, label(artifact) + " is signed by "
                        + orNone(signature.identity()) + " (issuer " + orNone(signature.issuer()) + "), but "
                        + env.name() + " accepts: " + rule.describeIdentities() + ".", evidence), rule.mode());
            }
        }
        ArtifactEvidence first = request.artifacts().get(0);
        SignatureEvidence firstSignature = Objects.requireNonNull(first.signature());
        Map<String, String> evidence = artifactEvidence(first);
        evidence.put("identity", orNone(firstSignature.identity()));
        evidence.put("issuer", orNone(firstSignature.issuer()));
        evidence.put("logIndex", String.valueOf(firstSignature.logIndex()));
        evidence.put("artifacts", String.valueOf(request.artifacts().size()));
        withRoots(evidence, rule);
        return CheckResult.passed("signature", count(request) + " signed by an accepted identity ("
                + orNone(firstSignature.identity()) + ").", evidence);
    }

    /**
     * The trusted roots and managed keys the verifier was built from, as {@code name=sha256:<pin>}: their content was
     * read when the policy was applied and matched these pins (one that did not never reaches the gate), so the
     * decision records exactly which roots and keys vouched for the signature.
     */
    private static Map<String, String> withRoots(Map<String, String> evidence, SignatureRule rule) {
        if (!rule.trustedRoots().isEmpty()) {
            evidence.put("trustedRoots", rule.trustedRoots().stream().map(TrustedRoot::describePin)
                    .collect(java.util.stream.Collectors.joining(",")));
        }
        if (!rule.keys().isEmpty()) { // managed keys, read and pinned with the policy as roots are
            evidence.put("signingKeys", rule.keys().stream().map(ManagedKey::describePin)
                    .collect(java.util.stream.Collectors.joining(",")));
        }
        return evidence;
    }

    /**
     * A certificate SAN or issuer with a control or invisible character (a bidirectional override, a zero-width
     * space, a line separator) could match a {@code sanRegex} while showing an approver another name: refused before
     * matching, with the code point named.
     */
    @CheckForNull
    private static CheckResult lookAlikeSigner(ArtifactEvidence artifact, SignatureEvidence signature) {
        for (boolean issuer : new boolean[] {false, true}) {
            String value = issuer ? signature.issuer() : signature.identity();
            int index = value == null ? -1 : Identifiers.forbiddenCodePoint(value, false);
            if (index >= 0) {
                Map<String, String> evidence = artifactEvidence(artifact);
                evidence.put(issuer ? "issuer" : "identity", Identifiers.printable(value));
                return CheckResult.failed("signature", issuer ? ReasonCode.ISSUER_MISMATCH
                        : ReasonCode.IDENTITY_MISMATCH, label(artifact) + " is signed by a certificate whose "
                        + (issuer ? "issuer" : "identity") + " '" + Identifiers.printable(value) + "' contains "
                        + Identifiers.describeCodePointAt(value, index) + " at index " + index
                        + "; such identities are never accepted.", evidence);
            }
        }
        return null;
    }

    private static CheckResult provenance(EnvironmentPolicy env, PromotionRequest request) {
        Optional<ProvenanceRule> configured = env.provenance();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("provenance", "No provenance rule is configured for " + env.name()
                    + ".");
        }
        ProvenanceRule rule = configured.get();
        if (request.artifacts().isEmpty()) {
            return mode(missing("provenance", "the request names no artifacts whose provenance could be checked",
                    ev("missing", "artifacts")), rule.mode());
        }
        for (ArtifactEvidence artifact : request.artifacts()) {
            CheckResult failure = provenanceFailure(env, rule, artifact);
            if (failure != null) {
                return mode(failure, rule.mode());
            }
        }
        ProvenanceEvidence first = Objects.requireNonNull(request.artifacts().get(0).provenance());
        Map<String, String> evidence = artifactEvidence(request.artifacts().get(0));
        evidence.put("builderId", orNone(first.builderId()));
        evidence.put("sourceRepository", orNone(first.sourceRepository()));
        evidence.put("sourceRef", orNone(first.sourceRef()));
        evidence.put("sourceCommit", orNone(first.sourceCommit()));
        evidence.put("artifacts", String.valueOf(request.artifacts().size()));
        return CheckResult.passed("provenance", count(request) + " built by an accepted builder from "
                + orNone(first.sourceRepository()) + " at " + orNone(first.sourceRef()) + ".", evidence);
    }

    @CheckForNull
    private static CheckResult provenanceFailure(EnvironmentPolicy env, ProvenanceRule rule,
            ArtifactEvidence artifact) {
        ProvenanceEvidence provenance = artifact.provenance();
        if (provenance == null) {
            return missing("provenance", "no provenance was found for " + label(artifact),
                    put(artifactEvidence(artifact), "missing", "provenance"));
        }
        if (!provenance.verified()) {
            return CheckResult.failed("provenance", provenance.failure(), "The provenance of " + label(artifact)
                    + " did not verify: " + provenance.detail(), put(artifactEvidence(artifact), "detail",
                    provenance.detail()));
        }
        if (!rule.builderIds().isEmpty()) {
            if (provenance.builderId() == null) {
                return missing("provenance", "the provenance of " + label(artifact) + " states no builder id",
                        put(provenanceEvidence(artifact, provenance), "missing", "builderId"));
            }
            if (!rule.builderIds().matches(provenance.builderId())) {
                return CheckResult.failed("provenance", ReasonCode.BUILDER_UNTRUSTED, label(artifact)
                        + " was built by " + provenance.builderId() + ", but " + env.name() + " accepts builders: "
                        + rule.builderIds().summary() + ".", put(provenanceEvidence(artifact, provenance), "expected", rule.builderIds().summary()));
            }
        }
        if (!rule.sourceRepositories().isEmpty()) {
            if (provenance.sourceRepository() == null) {
                return missing("provenance", "the provenance of " + label(artifact) + " states no source "
                        + "repository", put(provenanceEvidence(artifact, provenance), "missing", "sourceRepository"));
            }
            String normalized = RepositoryNames.normalize(provenance.sourceRepository());
            if (!rule.sourceRepositories().matches(normalized)) {
                return CheckResult.failed("provenance", ReasonCode.SOURCE_REPO_MISMATCH, label(artifact)
                        + " was built from " + normalized + ", but " + env.name() + " accepts sources: "
                        + rule.sourceRepositories().summary() + ".", put(provenanceEvidence(artifact, provenance), "expected",
                        rule.sourceRepositories().summary()));
            }
        }
        if (!rule.refs().isEmpty()) {
            if (provenance.sourceRef() == null) {
                return missing("provenance", "the provenance of " + label(artifact) + " states no source ref",
                        put(provenanceEvidence(artifact, provenance), "missing", "sourceRef"));
            }
            if (!rule.refs().matches(provenance.sourceRef())) {
                return CheckResult.failed("provenance", ReasonCode.SOURCE_REF_MISMATCH, label(artifact)
                        + " was built from ref " + provenance.sourceRef() + ", but " + env.name() + " accepts refs: "
                        + rule.refs().summary() + ".", put(provenanceEvidence(artifact, provenance), "expected", rule.refs().summary()));
            }
        }
        return null;
    }

    private static CheckResult windows(EnvironmentPolicy env, Instant now) {
        Optional<WindowRule> configured = env.windows();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("windows", "No change windows are configured for " + env.name()
                    + "; promotions may happen at any time.");
        }
        WindowRule rule = configured.get();
        String local = rule.calendar().localTimes(now);
        if (rule.calendar().isOpen(now)) {
            return CheckResult.passed("windows", "A change window of " + env.name() + " is open (now " + local
                    + ").", ev("local", local));
        }
        String next = rule.calendar().nextOpening(now);
        return mode(CheckResult.failed("windows", ReasonCode.OUTSIDE_CHANGE_WINDOW, env.name() + " is outside its "
                + "change windows: it is " + local + ", but promotions are allowed only " + rule.calendar().describe()
                + (next == null ? "." : "; next opening " + next + "."), ev("now", now.toString(), "local", local,
                "windows", rule.calendar().describe(), "nextOpening", next)), rule.mode());
    }

    private static CheckResult freezes(EnvironmentPolicy env, PromotionRequest request, Instant now) {
        Optional<FreezeRule> configured = env.freezes();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("freezes", "No freezes are configured for " + env.name() + ".");
        }
        FreezeRule rule = configured.get();
        Freeze freeze = rule.calendar().activeAt(now);
        if (freeze == null) {
            return CheckResult.passed("freezes", "No freeze of " + env.name() + " is active.", Map.of());
        }
        Map<String, String> evidence = ev("now", now.toString(), "freeze.from", freeze.from().toString(),
                "freeze.to", freeze.to().toString(), "freeze.timeZone", freeze.zone().getId(), "freeze.reason",
                freeze.reason(), "exceptionRequested", String.valueOf(request.freezeExceptionRequested()));
        ApprovalRequirement exception = rule.exception();
        String frozen = env.name() + " is frozen from " + freeze.from() + " to " + freeze.to() + " "
                + freeze.zone().getId() + " (" + freeze.reason() + ")";
        if (exception == null) {
            return mode(CheckResult.failed("freezes", ReasonCode.FREEZE_ACTIVE, frozen + ", and this freeze has no "
                    + "exception route.", evidence), rule.mode());
        }
        putRequirement(evidence, "exception.", exception);
        if (request.freezeExceptionRequested()) {
            return mode(CheckResult.pending("freezes", ReasonCode.FREEZE_EXCEPTION_NEEDS_APPROVAL, frozen
                    + "; the requested exception needs " + describe(exception) + ".", evidence), rule.mode());
        }
        return mode(CheckResult.failed("freezes", ReasonCode.FREEZE_ACTIVE, frozen + "; request the freeze "
                + "exception to ask for " + describe(exception) + ".", evidence), rule.mode());
    }

    private static CheckResult order(EnvironmentPolicy env, PromotionRequest request, PromotionHistory history,
            Instant now) {
        Optional<OrderRule> configured = env.order();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("order", "No promotion order is required for " + env.name() + ".");
        }
        OrderRule rule = configured.get();
        if (request.artifacts().isEmpty()) {
            return mode(missing("order", "the request names no artifacts whose earlier deployments could be "
                    + "checked", ev("missing", "artifacts")), rule.mode());
        }
        long soakMinutes = rule.soak().toMinutes();
        Instant latest = null;
        for (ArtifactEvidence artifact : request.artifacts()) {
            Optional<Instant> deployed;
            try {
                deployed = history.lastSuccessfulDeployment(artifact.artifact().digest(), rule.after());
            } catch (RuntimeException e) {
                return CheckResult.failed("order", ReasonCode.STORE_UNAVAILABLE, "The ledger could not be read to "
                        + "check that " + label(artifact) + " passed " + rule.after() + ", so the promotion is "
                        + "denied.", put(orderEvidence(artifact, rule), "error", Identifiers.printable(String.valueOf(e.getMessage()))));
            }
            if (deployed.isEmpty()) {
                return mode(CheckResult.failed("order", ReasonCode.PROMOTION_ORDER_VIOLATED, label(artifact)
                        + " has no successful deployment in " + rule.after() + ", which must come before "
                        + env.name() + ".", orderEvidence(artifact, rule)), rule.mode());
            }
            Instant at = deployed.get();
            Duration soaked = Duration.between(at, now);
            if (soaked.compareTo(rule.soak()) < 0) {
                Map<String, String> evidence = orderEvidence(artifact, rule);
                evidence.put("deployedAt", at.toString());
                evidence.put("readyAt", at.plus(rule.soak()).toString());
                return mode(CheckResult.failed("order", ReasonCode.SOAK_TIME_NOT_MET, label(artifact) + " was "
                        + "deployed to " + rule.after() + " at " + at + ", " + Math.max(0, soaked.toMinutes())
                        + " minutes ago, but " + env.name() + " requires " + soakMinutes + " minutes of soak "
                        + "(ready at " + at.plus(rule.soak()) + ").", evidence), rule.mode());
            }
            latest = latest == null || at.isAfter(latest) ? at : latest;
        }
        return CheckResult.passed("order", count(request) + " deployed successfully to " + rule.after()
                + (soakMinutes > 0 ? " at least " + soakMinutes + " minutes ago" : "") + ".",
                ev("after", rule.after(), "soakMinutes", String.valueOf(soakMinutes), "latestDeployedAt",
                        String.valueOf(latest)));
    }

    private static CheckResult tests(EnvironmentPolicy env, PromotionRequest request) {
        Optional<TestsRule> configured = env.tests();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("tests", "No test results are required for " + env.name() + ".");
        }
        TestsRule rule = configured.get();
        TestEvidence tests = request.tests();
        if (tests == null) {
            if (!rule.required()) {
                return CheckResult.passed("tests", "No test results were reported, and " + env.name()
                        + " does not require them.", Map.of());
            }
            return mode(missing("tests", "no test results were reported, but " + env.name() + " requires them",
                    ev("missing", "tests")), rule.mode());
        }
        Map<String, String> evidence = ev("total", String.valueOf(tests.total()), "failed",
                String.valueOf(tests.failed()), "skipped", String.valueOf(tests.skipped()), "maxFailures",
                String.valueOf(rule.maxFailures()), "minTotal", String.valueOf(rule.minTotal()));
        if (tests.total() < rule.minTotal()) {
            return mode(CheckResult.failed("tests", ReasonCode.TESTS_MISSING, "Only " + tests.total() + " tests ran, "
                    + "but " + env.name() + " requires at least " + rule.minTotal() + ".", evidence), rule.mode());
        }
        if (tests.failed() > rule.maxFailures()) {
            return mode(CheckResult.failed("tests", ReasonCode.TESTS_FAILED, tests.failed() + " of " + tests.total()
                    + " tests failed, but " + env.name() + " tolerates at most " + rule.maxFailures() + ".",
                    evidence), rule.mode());
        }
        return CheckResult.passed("tests", tests.passed() + " of " + tests.total() + " tests passed (" + tests.failed()
                + " failed, at most " + rule.maxFailures() + " allowed).", evidence);
    }

    private static CheckResult rollbackPlan(EnvironmentPolicy env, PromotionRequest request) {
        Optional<RollbackPlanRule> configured = env.rollbackPlan();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("rollbackPlan", "No rollback plan is required for " + env.name() + ".");
        }
        String plan = request.rollbackPlan();
        if (plan == null || plan.isBlank()) {
            return mode(missing("rollbackPlan", "no rollback plan was given, but " + env.name() + " requires one",
                    ev("missing", "rollbackPlan")), configured.get().mode());
        }
        return CheckResult.passed("rollbackPlan", "A rollback plan was given: " + plan + ".", ev("rollbackPlan",
                plan));
    }

    private static CheckResult escalation(EnvironmentPolicy env, PromotionRequest request) {
        Optional<EscalationRule> configured = env.escalation();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("escalation", "No escalation rules are configured for " + env.name()
                    + ".");
        }
        EscalationRule rule = configured.get();
        Map<String, String> evidence = new TreeMap<>();
        List<String> reasons = new ArrayList<>(2);
        if (!rule.sensitivePaths().isEmpty()) {
            if (request.changedPaths().isEmpty()) {
                return mode(missing("escalation", "the changed paths are unknown, so " + env.name() + " cannot tell "
                        + "whether sensitive paths (" + rule.sensitivePaths().summary() + ") were touched",
                        ev("missing", "changedPaths")), rule.mode());
            }
            List<String> touched = new ArrayList<>();
            for (String path : request.changedPaths()) {
                String match = rule.sensitivePaths().firstMatch(path);
                if (match != null) {
                    touched.add(path + " (" + match + ")");
                }
            }
            if (!touched.isEmpty()) {
                evidence.put("sensitivePathsTouched", String.join(", ", touched.subList(0, Math.min(touched.size(),
                        MAX_LISTED))) + (touched.size() > MAX_LISTED ? ", … (" + touched.size() + ")" : ""));
                reasons.add(touched.size() + " changed path(s) touch sensitive paths, e.g. " + touched.get(0));
            }
        }
        if (rule.provenanceSourceMustMatchJobRepository()) {
            String repository = request.run().repository();
            if (repository == null) {
                return mode(missing("escalation", "the run names no source repository to compare with the "
                        + "provenance source", ev("missing", "repository")), rule.mode());
            }
            String expected = RepositoryNames.normalize(repository);
            evidence.put("jobRepository", expected);
            String differing = null;
            boolean anySource = false;
            for (ArtifactEvidence artifact : request.artifacts()) {
                ProvenanceEvidence provenance = artifact.provenance();
                if (provenance != null && provenance.sourceRepository() != null) {
                    anySource = true;
                    String source = RepositoryNames.normalize(provenance.sourceRepository());
                    if (!source.equals(expected) && differing == null) {
                        differing = source;
                    }
                }
            }
            if (!anySource) {
                return mode(missing("escalation", "no provenance states a source repository to compare with the "
                        + "job's repository " + expected, put(evidence, "missing", "provenance.sourceRepository")),
                        rule.mode());
            }
            if (differing != null) {
                evidence.put("provenanceSource", differing);
                reasons.add("the provenance source " + differing + " differs from the job's repository " + expected);
            }
        }
        if (reasons.isEmpty()) {
            return CheckResult.passed("escalation", "Nothing in the request needs a human decision beyond the "
                    + "configured approvals.", evidence);
        }
        return mode(CheckResult.pending("escalation", ReasonCode.ESCALATION_REQUIRED, "A human must decide: "
                + String.join("; ", reasons) + ".", evidence), rule.mode());
    }

    private static CheckResult approvals(EnvironmentPolicy env, PromotionRequest request) {
        Optional<ApprovalRequirement> configured = env.approvals();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("approvals", "No human approval is required for " + env.name() + ".");
        }
        ApprovalRequirement requirement = configured.get();
        Map<String, String> evidence = new TreeMap<>();
        putRequirement(evidence, "", requirement);
        evidence.put("requester", request.requester().id());
        evidence.put("commitAuthors", String.join(",", new TreeSet<>(request.run().commitAuthors())));
        evidence.put("commitAuthors.known", Boolean.toString(request.run().commitAuthorsKnown()));
        if (!request.run().commitAuthorsKnown()) {
            String unknown = "the commit authors of " + request.run().id() + " could not be determined, so an "
                    + "author approving their own change cannot be excluded";
            if (env.blocksUnknownCommitAuthors()) {
                return CheckResult.failed("approvals", ReasonCode.COMMIT_AUTHORS_UNKNOWN, env.name() + " needs "
                        + describe(requirement) + ", but " + unknown + " (approvals.unknownCommitAuthors: block).",
                        evidence);
            }
            return CheckResult.pending("approvals", ReasonCode.APPROVAL_REQUIRED, env.name() + " needs "
                    + describe(requirement) + "; the requester can never approve. Warning: " + unknown
                    + " (approvals.unknownCommitAuthors: allow).", evidence);
        }
        return CheckResult.pending("approvals", ReasonCode.APPROVAL_REQUIRED, env.name() + " needs "
                + describe(requirement) + "; the requester and the commit authors can never approve.", evidence);
    }

    // ---- escalation record ----

    private static Decision withEscalation(Decision decision, PromotionRequest request) {
        List<CheckResult> triggers = new ArrayList<>();
        Map<String, String> evidence = new TreeMap<>();
        for (CheckResult check : decision.checks()) {
            if (check.status() == CheckStatus.PENDING && !"approvals".equals(check.gate())) {
                triggers.add(check);
                check.evidence().forEach((key, value) -> evidence.put(check.gate() + "." + key, value));
            }
        }
        if (triggers.isEmpty()) {
            return decision;
        }
        evidence.put("requester.kind", request.requester().kind().name().toLowerCase(Locale.ROOT));
        evidence.put("run", request.run().id());
        String attempted = actionName(request.action()) + " " + artifactsLabel(request) + " to "
                + request.environment();
        String needed = "Approve or reject: " + attempted + ", although "
                + String.join(" ", triggers.stream().map(CheckResult::message).toList());
        return decision.withEscalation(new Escalation(request.requester().id(), attempted, triggers, evidence,
                needed));
    }

    // ---- helpers ----

    /** Warn mode records what an enforced rule would have blocked or escalated, without blocking. */
    private static CheckResult mode(CheckResult result, RuleMode mode) {
        if (mode == RuleMode.WARN && result.status() == CheckStatus.PENDING) {
            return new CheckResult(result.gate(), CheckStatus.WARNED, result.code(), "[warn mode] " + result.message(),
                    result.evidence());
        }
        return result.inMode(mode);
    }

    private static CheckResult missing(String gate, String what, Map<String, String> evidence) {
        return CheckResult.failed(gate, ReasonCode.MISSING_EVIDENCE, "missing evidence: " + what + ".", evidence);
    }

    private static String describe(ApprovalRequirement requirement) {
        List<String> groups = requirement.approverGroups().stream().sorted().toList();
        return requirement.required() + (requirement.required() == 1 ? " approval" : " approvals")
                + (requirement.distinctGroups() ? " from distinct groups of " : " from ") + groups + " within "
                + requirement.timeout().toMinutes() + " minutes";
    }

    private static void putRequirement(Map<String, String> evidence, String prefix, ApprovalRequirement requirement) {
        evidence.put(prefix + "required", String.valueOf(requirement.required()));
        evidence.put(prefix + "groups", String.join(",", requirement.approverGroups().stream().sorted().toList()));
        evidence.put(prefix + "distinctGroups", String.valueOf(requirement.distinctGroups()));
        evidence.put(prefix + "timeoutMinutes", String.valueOf(requirement.timeout().toMinutes()));
    }

    private static String actionName(PromotionRequest.Action action) {
        return action == PromotionRequest.Action.PROMOTE ? "promote" : "rollback";
    }

    private static String label(ArtifactEvidence artifact) {
        return artifact.artifact().name() + " (" + artifact.artifact().digest() + ")";
    }

    private static String count(PromotionRequest request) {
        int size = request.artifacts().size();
        return size == 1 ? label(request.artifacts().get(0)) + " is" : "All " + size + " artifacts are";
    }

    private static String artifactsLabel(PromotionRequest request) {
        List<ArtifactEvidence> artifacts = request.artifacts();
        if (artifacts.isEmpty()) {
            return "no artifacts";
        }
        if (artifacts.size() == 1) {
            return label(artifacts.get(0));
        }
        return artifacts.size() + " artifacts (" + String.join(", ", artifacts.stream()
                .limit(MAX_LISTED).map(artifact -> artifact.artifact().name()).toList())
                + (artifacts.size() > MAX_LISTED ? ", …" : "") + ")";
    }

    private static Map<String, String> orderEvidence(ArtifactEvidence artifact, OrderRule rule) {
        Map<String, String> evidence = artifactEvidence(artifact);
        evidence.put("after", rule.after());
        evidence.put("soakMinutes", String.valueOf(rule.soak().toMinutes()));
        return evidence;
    }

    private static Map<String, String> provenanceEvidence(ArtifactEvidence artifact, ProvenanceEvidence provenance) {
        Map<String, String> evidence = artifactEvidence(artifact);
        evidence.put("builderId", orNone(provenance.builderId()));
        evidence.put("sourceRepository", orNone(provenance.sourceRepository()));
        evidence.put("sourceRef", orNone(provenance.sourceRef()));
        return evidence;
    }

    private static Map<String, String> artifactEvidence(ArtifactEvidence artifact) {
        Map<String, String> evidence = new TreeMap<>();
        evidence.put("artifact", artifact.artifact().name());
        evidence.put("digest", artifact.artifact().digest().toString());
        return evidence;
    }

    private static String orNone(@CheckForNull String value) {
        return value == null ? NONE : value;
    }

    private static Map<String, String> put(Map<String, String> evidence, String key, String value) {
        Map<String, String> copy = new TreeMap<>(evidence);
        copy.put(key, value);
        return copy;
    }

    /**
     * Evidence from key/value pairs; a null value is shown as "(none)". Sorted maps throughout, because
     * {@link CheckResult} copies evidence into a sorted map, and copying a sorted map is a linear build.
     */
    private static Map<String, String> ev(@CheckForNull String... pairs) {
        Map<String, String> evidence = new TreeMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            evidence.put(Objects.requireNonNull(pairs[i]), orNone(pairs[i + 1]));
        }
        return evidence;
    }
}
