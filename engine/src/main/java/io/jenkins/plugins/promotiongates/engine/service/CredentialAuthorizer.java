package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.ActorKind;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;
import io.jenkins.plugins.promotiongates.engine.audit.PayloadKeys;
import io.jenkins.plugins.promotiongates.engine.audit.StoreUnavailableException;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * May a run bind a credential for an environment now: the credential belongs to the environment, the run passed the
 * gate for it (its decision now, a due time-out included), and the artifacts are still the ones the gate verified.
 * Granted or refused, the answer is recorded in one append.
 */
final class CredentialAuthorizer {
    private final PolicyProvider policies;
    private final ApprovalRepository repository;
    private final ApprovalWorkflow workflow;
    private final Clock clock;

    CredentialAuthorizer(PolicyProvider policies, ApprovalRepository repository, ApprovalWorkflow workflow,
            Clock clock) {
        this.policies = policies;
        this.repository = repository;
        this.workflow = workflow;
        this.clock = clock;
    }

    CredentialDecision authorize(CredentialRequest request) {
        String correlationId = null;
        List<CheckResult> checks = new ArrayList<>();
        try {
            String environment;
            try {
                environment = Identifiers.requireEnvironmentName(request.environment());
            } catch (IllegalArgumentException e) {
                // A blank, padded or otherwise malformed name is a bad request, as at the gate (not an internal error).
                throw new InvalidCredentialRequestException(e.getMessage());
            }
            correlationId = CorrelationIds.of(request.run(), environment);
            Policy policy = policies.current();
            checks.add(credentialScope(policy, request.credentialId(), environment));
            if (request.origin() != null) {
                checks.add(CredentialOriginCheck.check(request.credentialId(), request.origin()));
            }
            PromotionRecord record = repository.load(correlationId);
            Optional<Decision> decision = Optional.ofNullable(
                    workflow.settle(record, clock.instant(), workflow.policyInForce()).decision());
            if (decision.isEmpty() || !decision.get().isAllowed()) {
                checks.add(CheckResult.failed("credentials", ReasonCode.CREDENTIAL_NOT_GATED, "run "
                        + request.run().id() + " has not passed promotionGate for " + environment
                        + decision.map(d -> " (its decision is " + d.outcome() + ")").orElse(""), Map.of()));
            } else {
                checks.add(digestsUnchanged(record.request(), request.currentDigests()));
            }
        } catch (StoreUnavailableException e) {
            checks.add(Failures.storeDown(e));
        } catch (InvalidCredentialRequestException e) {
            checks.add(CheckResult.failed("credentials", ReasonCode.INVALID_REQUEST, "credential binding refused: "
                    + e.getMessage(), Map.of()));
        } catch (RuntimeException e) {
            checks.add(CheckResult.failed("credentials", Failures.failureCodeOf(e),
                    "credential binding refused: " + Failures.describe(e), Map.of()));
        }
        boolean granted = checks.stream().allMatch(c -> c.status() == CheckStatus.PASSED);
        // A refusal for a malformed environment has no promotion to join, but it is recorded all the same.
        String eventCorrelationId = correlationId != null ? correlationId
                : Failures.safeCorrelationId(request.run().id() + "/" + Identifiers.printable(request.environment()));
        try {
            NewEvent.Builder builder = NewEvent.builder(granted ? AuditEventType.CREDENTIAL_BOUND
                            : AuditEventType.CREDENTIAL_REFUSED, Identifiers.printable(request.run().id()),
                            ActorKind.SYSTEM)
                    .correlationId(eventCorrelationId).run(request.run())
                    .put(PayloadKeys.CREDENTIAL_ID, Identifiers.printable(request.credentialId()))
                    .put(PayloadKeys.CREDENTIAL_STORE, origin(request, CredentialOrigin::store))
                    .put(PayloadKeys.CREDENTIAL_FINGERPRINT, origin(request, CredentialOrigin::fingerprint))
                    .outcome(granted ? Outcome.ALLOW : Outcome.DENY)
                    .reasons(AuditReason.of(checks.stream().filter(c -> c.status() != CheckStatus.PASSED).toList()));
            if (correlationId != null) {
                builder.environment(request.environment());
            }
            request.currentDigests().forEach(a -> builder.digest(a.digest()));
            repository.store().append(builder.build());
        } catch (RuntimeException e) {
            return new CredentialDecision(false, correlationId, List.of(Failures.storeDown(e)));
        }
        return new CredentialDecision(granted, correlationId, checks);
    }

    /** A credential request whose environment name the gate would refuse as well. */
    private static final class InvalidCredentialRequestException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidCredentialRequestException(String message) {
            super(message);
        }
    }

    /** A fact of the request's origin for the record; {@code none} when it was not reported. */
    private static String origin(CredentialRequest request, Function<CredentialOrigin, String> fact) {
        String value = request.origin() == null ? null : fact.apply(request.origin());
        return value == null ? "none" : Identifiers.printable(value);
    }

    private static CheckResult credentialScope(Policy policy, String credentialId, String environment) {
        if (policy.isCredentialBoundTo(credentialId, environment)) {
            return CheckResult.passed("credentials", "credential " + credentialId + " belongs to " + environment,
                    Map.of("credentialId", credentialId));
        }
        Optional<String> owner = policy.credentialEnvironment(credentialId);
        return CheckResult.failed("credentials", ReasonCode.CREDENTIAL_OUT_OF_SCOPE, owner
                        .map(other -> "credential " + credentialId + " is scoped to " + other + ", not " + environment
                                + "; it is refused whatever the job's permissions")
                        .orElse("credential " + credentialId + " is not bound to any environment in the policy; refused"),
                Map.of("credentialId", credentialId, "requestedEnvironment", environment,
                        "credentialEnvironment", owner.orElse("none")));
    }

    /** The artifacts about to be deployed must be exactly those the gate verified: no swap in between. */
    private static CheckResult digestsUnchanged(PromotionRequest gated, List<ArtifactRef> current) {
        Set<String> verified = new TreeSet<>();
        if (gated != null) {
            gated.artifacts().forEach(a -> verified.add(a.artifact().digest().toString()));
        }
        Set<String> now = new TreeSet<>();
        current.forEach(a -> now.add(a.digest().toString()));
        if (now.isEmpty()) {
            return CheckResult.failed("credentials", ReasonCode.MISSING_EVIDENCE,
                    "missing evidence: no artifact digests were re-computed before binding the credential", Map.of());
        }
        if (!verified.equals(now)) {
            Set<String> unexpected = new HashSet<>(now);
            unexpected.removeAll(verified);
            return CheckResult.failed("credentials", ReasonCode.ARTIFACT_CHANGED_SINCE_GATE,
                    "the artifacts changed since the gate verified them: " + (unexpected.isEmpty()
                            ? "some verified artifacts are missing" : "unverified digests " + unexpected),
                    Map.of("verified", String.join(",", verified), "current", String.join(",", now)));
        }
        return CheckResult.passed("credentials", "the artifacts are the ones the gate verified",
                Map.of("digests", String.join(",", now)));
    }
}
