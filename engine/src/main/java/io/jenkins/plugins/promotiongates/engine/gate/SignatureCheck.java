package io.jenkins.plugins.promotiongates.engine.gate;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.SignatureEvidence;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;
import io.jenkins.plugins.promotiongates.engine.policy.ManagedKey;
import io.jenkins.plugins.promotiongates.engine.policy.SignatureRule;
import io.jenkins.plugins.promotiongates.engine.policy.TrustedRoot;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static io.jenkins.plugins.promotiongates.engine.gate.Checks.artifactEvidence;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.count;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.ev;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.label;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.missing;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.mode;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.orNone;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.put;

/** Every artifact carries a verified signature by an identity the environment accepts. */
final class SignatureCheck implements GateCheck {
    @Override
    public String name() {
        return "signature";
    }

    @Override
    public CheckResult evaluate(GateContext context) {
        return signature(context.env(), context.request());
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
}
