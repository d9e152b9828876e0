package io.jenkins.plugins.promotiongates.engine.verification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sigstore.merkle.InclusionProofVerificationException;
import dev.sigstore.merkle.InclusionProofVerifier;
import dev.sigstore.rekor.client.Checkpoints;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorParseException;
import dev.sigstore.timestamp.client.ImmutableTimestampResponse;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.ProvenanceEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.SignatureEvidence;
import io.jenkins.plugins.promotiongates.engine.verification.SigstoreBundle.TlogEntry;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.BuilderUntrusted;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.CertificateChainInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.CertificateExpiredAtIntegration;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.CheckpointInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.DigestMismatch;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.IdentityMismatch;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.InclusionProofInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.InclusionProofMissing;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.IssuerMismatch;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.ProvenanceInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.ProvenanceMissing;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.ProvenancePredicateUnsupported;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.ProvenanceSubjectMismatch;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.SetInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.SignatureInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.SignatureMissing;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.SourceRefMismatch;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.SourceRepoMismatch;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.TimestampInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.TlogEntryInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.TlogOutsideValidity;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.UnsupportedBundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Verifies an artifact digest against a Sigstore bundle, fully offline, and optionally its SLSA provenance. Built
 * once (trusted roots are parsed and prepared at build time) and thread-safe: it holds only immutable state.
 *
 * <p>Stricter than sigstore-java 2.0.0's {@code KeylessVerifier}: an identity is mandatory; the leaf certificate
 * must be valid at the verified integration time; the trusted root's log key must be valid at that time (end
 * inclusive); a missing inclusion proof is refused when required; Rekor {@code intoto} 0.0.2 entries and managed
 * keys are supported; and every failure is a {@link VerificationFailure} naming expected and actual values.
 */
public final class ArtifactVerifier {
    private static final String IN_TOTO = InTotoStatement.PAYLOAD_TYPE;
    /** Verified times a bundle needs (SET integration time and RFC 3161 timestamps together). */
    private static final int VERIFIED_TIME_THRESHOLD = 1;
    /** More RFC 3161 timestamps than this are refused unread (sigstore-go's and sigstore-python's limit). */
    private static final int MAX_TIMESTAMPS = 32;

    private final List<TrustedRoot> trustedRoots;
    private final boolean requireInclusionProof;

    private ArtifactVerifier(List<TrustedRoot> trustedRoots, boolean requireInclusionProof) {
        this.trustedRoots = List.copyOf(trustedRoots);
        this.requireInclusionProof = requireInclusionProof;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a verifier; at least one trusted root is required. */
    public static final class Builder {
        private final List<TrustedRoot> roots = new ArrayList<>();
        private boolean requireInclusionProof = true;

        private Builder() {
        }

        /** Adds a trusted root read from a {@code trusted_root.json} file. */
        public Builder trustedRoot(Path trustedRootJson) throws IOException {
            roots.add(TrustedRoot.load(trustedRootJson));
            return this;
        }

        /** Adds an already parsed trusted root (parse once, share between verifiers). */
        public Builder trustedRoot(TrustedRoot trustedRoot) {
            roots.add(Objects.requireNonNull(trustedRoot, "trustedRoot"));
            return this;
        }

        /**
         * Whether a log entry of a v0.2 or later bundle without a Merkle inclusion proof is refused (default: true).
         * A v0.1 bundle's entry needs its verified signed entry timestamp instead, and an entry with neither is
         * always refused.
         */
        public Builder requireInclusionProof(boolean required) {
            this.requireInclusionProof = required;
            return this;
        }

        public ArtifactVerifier build() {
            if (roots.isEmpty()) {
                throw new IllegalArgumentException("No trusted root configured: expected at least one "
                        + "trusted_root.json; verification never falls back to network defaults");
            }
            return new ArtifactVerifier(roots, requireInclusionProof);
        }
    }

    /**
     * The digest algorithm the bundle's signature is over, so that the caller (the agent) computes the right one.
     * SHA-256 unless the bundle's message digest or hashedrekord entry names SHA-384 or SHA-512, or a DSSE
     * statement's subjects carry only another algorithm.
     */
    public static Digest.Algorithm digestAlgorithmFor(String bundleJson) {
        try {
            SigstoreBundle bundle = SigstoreBundle.parse(bundleJson);
            if (bundle.messageSignature() != null && bundle.messageSignature().digestAlgorithm() != null) {
                Digest.Algorithm algorithm = algorithm(bundle.messageSignature().digestAlgorithm());
                return algorithm == null ? Digest.Algorithm.SHA256 : algorithm;
            }
            if (bundle.dsse() != null) {
                InTotoStatement statement = InTotoStatement.parse(bundle.dsse().payload());
                for (Digest.Algorithm algorithm : Digest.Algorithm.values()) { // SHA-256 first
                    if (statement.subjects().stream().anyMatch(sub -> sub.digests().containsKey(algorithm.prefix()))) {
                        return algorithm;
                    }
                }
            }
            if (bundle.messageSignature() != null && !bundle.tlogEntries().isEmpty()) {
                JsonNode spec = JsonTrees.read(bundle.tlogEntries().get(0).canonicalizedBody()).path("spec");
                String name = spec.has("hashedRekordV002") ? spec.path("hashedRekordV002").path("data")
                        .path("algorithm").asText() : spec.path("data").path("hash").path("algorithm").asText();
                Digest.Algorithm algorithm = algorithm(name);
                return algorithm == null ? Digest.Algorithm.SHA256 : algorithm;
            }
        } catch (SigstoreBundle.UnsupportedException | IOException e) {
            // verification reports the precise cause; SHA-256 is the default for everything else
        }
        return Digest.Algorithm.SHA256;
    }

    /**
     * Verifies the artifact against its bundle and, when present, its provenance.
     *
     * @param artifact       name and digest of the artifact (computed where the file is)
     * @param bundleJson     the Sigstore bundle; a DSSE bundle with an in-toto statement is also the provenance
     * @param identity       who may have signed (mandatory)
     * @param provenanceJson a separate provenance bundle (DSSE in-toto), signed by an identity of {@code identity}
     * @param expectations   builder and source constraints; null or empty constrain nothing
     */
    public VerificationResult verify(ArtifactRef artifact, String bundleJson, IdentityPolicy identity,
            @CheckForNull String provenanceJson, @CheckForNull ProvenanceExpectations expectations) {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(bundleJson, "bundleJson");
        Objects.requireNonNull(identity, "identity");
        Digest digest = artifact.digest();
        BundleOutcome main = verifyBundle(bundleJson, digest, identity, false);
        List<VerificationFailure> failures = new ArrayList<>(main.failures());

        InTotoStatement statement = main.statement() != null && main.statement().isSlsaProvenance()
                ? main.statement() : null;
        List<VerificationFailure> provenanceFailures = new ArrayList<>();
        boolean provenanceSigned = main.failures().isEmpty();
        if (provenanceJson != null) {
            BundleOutcome provenance = verifyBundle(provenanceJson, null, identity, true);
            provenanceFailures.addAll(provenance.failures());
            provenanceSigned = provenance.failures().isEmpty();
            statement = provenance.statement();
            if (statement != null && !statement.isSlsaProvenance()) {
                provenanceFailures.add(new ProvenancePredicateUnsupported(InTotoStatement.SLSA_PREDICATES,
                        statement.predicateType()));
                statement = null;
            } else if (statement != null && !statement.names(digest)) {
                provenanceFailures.add(new ProvenanceSubjectMismatch(digest.toString(),
                        statement.describeSubjects()));
            }
        }
        ProvenanceExpectations wanted = expectations == null ? ProvenanceExpectations.none() : expectations;
        InTotoStatement.Facts facts = statement == null ? null : statement.facts();
        if (wanted.constrainsAnything()) {
            if (statement == null) {
                if (provenanceFailures.isEmpty()) {
                    provenanceFailures.add(new ProvenanceMissing("SLSA provenance ("
                            + String.join(" or ", InTotoStatement.SLSA_PREDICATES) + ") to check "
                            + describe(wanted)));
                }
            } else {
                checkExpectations(wanted, Objects.requireNonNull(facts), provenanceFailures);
            }
        }
        failures.addAll(provenanceFailures);

        SignatureEvidence signatureEvidence = main.failures().isEmpty()
                ? new SignatureEvidence(true, main.identity(), main.issuer(), main.logIndex(), main.time(),
                        ReasonCode.OK, "verified")
                : new SignatureEvidence(false, main.identity(), main.issuer(), main.logIndex(), main.time(),
                        main.failures().get(0).reasonCode(), main.failures().get(0).message());
        ProvenanceEvidence provenanceEvidence = null;
        if (statement != null && facts != null) {
            List<VerificationFailure> relevant = new ArrayList<>(provenanceFailures);
            if (!provenanceSigned && relevant.isEmpty()) {
                relevant.add(main.failures().get(0)); // the statement came with the bundle, which did not verify
            }
            provenanceEvidence = new ProvenanceEvidence(relevant.isEmpty(), statement.predicateType(),
                    facts.builderId(), facts.sourceRepository(), facts.sourceRef(), facts.sourceCommit(),
                    relevant.isEmpty() ? ReasonCode.OK : relevant.get(0).reasonCode(),
                    relevant.isEmpty() ? "verified" : relevant.get(0).message());
        }
        return new VerificationResult(digest, signatureEvidence, provenanceEvidence, failures, main.identity(),
                main.issuer(), main.logIndex(), main.time());
    }

    private static String describe(ProvenanceExpectations wanted) {
        List<String> parts = new ArrayList<>();
        if (!wanted.builderIds().isEmpty()) {
            parts.add("builder " + wanted.builderIds());
        }
        if (!wanted.sourceRepositories().isEmpty()) {
            parts.add("source " + wanted.sourceRepositories());
        }
        if (!wanted.sourceRefs().isEmpty()) {
            parts.add("ref " + wanted.sourceRefs());
        }
        return String.join(", ", parts);
    }

    private static void checkExpectations(ProvenanceExpectations wanted, InTotoStatement.Facts facts,
            List<VerificationFailure> failures) {
        if (!wanted.builderIds().isEmpty()
                && wanted.builderIds().stream().noneMatch(b -> ProvenanceExpectations.builderMatches(b,
                        facts.builderId()))) {
            failures.add(new BuilderUntrusted(wanted.builderIds(), facts.builderId()));
        }
        if (!wanted.sourceRepositories().isEmpty()
                && wanted.sourceRepositories().stream().noneMatch(r -> SourceRepositories.matches(r,
                        facts.sourceRepository()))) {
            failures.add(new SourceRepoMismatch(wanted.sourceRepositories(), facts.sourceRepository()));
        }
        if (!wanted.sourceRefs().isEmpty() && !wanted.sourceRefs().contains(facts.sourceRef())) {
            failures.add(new SourceRefMismatch(wanted.sourceRefs(), facts.sourceRef()));
        }
    }

    /** What one bundle established. */
    private record BundleOutcome(List<VerificationFailure> failures, @CheckForNull String identity,
            @CheckForNull String issuer, @CheckForNull Long logIndex, @CheckForNull Instant time,
            @CheckForNull InTotoStatement statement) {
        static BundleOutcome failed(VerificationFailure failure) {
            return new BundleOutcome(List.of(failure), null, null, null, null, null);
        }
    }

    /** A time that was verified (by the log's SET or a timestamp authority), and where it came from. */
    private record TrustedTime(Instant time, String source) {
    }

    private BundleOutcome verifyBundle(String json, @CheckForNull Digest digest, IdentityPolicy identity,
            boolean provenance) {
        SigstoreBundle bundle;
        try {
            bundle = SigstoreBundle.parse(json);
        } catch (SigstoreBundle.UnsupportedException e) {
            return BundleOutcome.failed(provenance ? new ProvenanceInvalid("a Sigstore bundle with a DSSE in-toto "
                    + "statement", e.getMessage()) : e.failure());
        }
        if (bundle.tlogEntries().isEmpty()) {
            return BundleOutcome.failed(new TlogEntryInvalid("a transparency log entry in the bundle", "none"));
        }
        byte[] logId = bundle.tlogEntries().get(0).logId();
        List<TrustedRoot> candidates = trustedRoots.stream().filter(r -> !r.logs(logId).isEmpty()).toList();
        if (candidates.isEmpty()) {
            return BundleOutcome.failed(new TlogEntryInvalid("an entry of a log in the trusted root(s) "
                    + trustedRoots.stream().map(TrustedRoot::name).toList(), "log id "
                    + Base64.getEncoder().encodeToString(logId)));
        }
        BundleOutcome first = null;
        for (TrustedRoot root : candidates) {
            BundleOutcome outcome;
            try {
                outcome = verifyWithRoot(bundle, root, digest, identity, provenance);
            } catch (RuntimeException e) { // malformed input the checks did not anticipate: fail closed, precisely
                outcome = BundleOutcome.failed(new UnsupportedBundle("a well-formed bundle",
                        e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())));
            }
            if (outcome.failures().isEmpty()) {
                return outcome;
            }
            first = first == null ? outcome : first;
        }
        return Objects.requireNonNull(first);
    }

    @SuppressWarnings("PMD.CognitiveComplexity") // one linear pipeline reads better than scattered helpers
    private BundleOutcome verifyWithRoot(SigstoreBundle bundle, TrustedRoot root, @CheckForNull Digest digest,
            IdentityPolicy identity, boolean provenance) {
        List<VerificationFailure> failures = new ArrayList<>();
        SigstoreBundle.MessageSignature message = bundle.messageSignature();
        SigstoreBundle.Dsse dsse = bundle.dsse();
        if (message == null && dsse == null) {
            return BundleOutcome.failed(new SignatureMissing("the bundle has neither messageSignature nor "
                    + "dsseEnvelope"));
        }

        // Who signed.
        String signerName;
        String issuer = null;
        PublicKey signerKey;
        X509Certificate leaf = null;
        ManagedKey managedKey = identity.managedKey();
        if (managedKey != null) {
            signerKey = managedKey.publicKey();
            signerName = managedKey.fingerprint();
            if (!bundle.certificates().isEmpty()
                    && !managedKey.sameKey(bundle.certificates().get(0).getPublicKey())) {
                failures.add(new SignatureInvalid("the bundle's certificate key", "managed key " + signerName,
                        "the bundle's certificate holds a different key"));
            }
        } else {
            if (bundle.certificates().isEmpty()) {
                return BundleOutcome.failed(bundle.publicKeyHint()
                        ? new UnsupportedBundle("a Fulcio certificate (keyless); key-signed bundles need a "
                                + "managed key (--key)", "a public key hint")
                        : new SignatureMissing("no certificate in verificationMaterial"));
            }
            leaf = bundle.certificates().get(0);
            signerKey = leaf.getPublicKey();
            CertificateIdentity certIdentity = CertificateIdentity.of(leaf);
            signerName = certIdentity.san() == null ? leaf.getSubjectX500Principal().getName() : certIdentity.san();
            issuer = certIdentity.issuer();
            checkIdentity(identity, certIdentity, failures);
        }
        String signerLabel = leaf == null ? "managed key " + signerName : "certificate of " + signerName;

        // What was signed.
        byte[] signature;
        InTotoStatement statement = null;
        if (message != null) {
            signature = message.signature();
            if (digest == null) {
                return BundleOutcome.failed(new ProvenanceInvalid("a DSSE envelope with an in-toto statement",
                        "a message signature over an artifact digest"));
            }
            if (message.digest() != null) {
                Digest.Algorithm algorithm = algorithm(Objects.requireNonNullElse(message.digestAlgorithm(), ""));
                if (algorithm == null) {
                    return BundleOutcome.failed(new UnsupportedBundle("messageDigest algorithm SHA2_256, SHA2_384 or SHA2_512",
                            String.valueOf(message.digestAlgorithm())));
                }
                String bundleDigest = algorithm.prefix() + ":" + HexFormat.of().formatHex(message.digest());
                if (!bundleDigest.equals(digest.toString())) {
                    failures.add(new DigestMismatch("bundle messageDigest", digest.toString(), bundleDigest));
                }
            }
            try {
                if (!root.signatures().verifyDigest(signerKey, digest, signature)) {
                    failures.add(new SignatureInvalid("artifact digest " + digest, signerLabel,
                            "signature does not verify"));
                }
            } catch (GeneralSecurityException e) {
                failures.add(new SignatureInvalid("artifact digest " + digest, signerLabel, String.valueOf(
                        e.getMessage())));
            }
        } else {
            Objects.requireNonNull(dsse);
            if (dsse.signatures().size() != 1) {
                return BundleOutcome.failed(new UnsupportedBundle("a DSSE envelope with exactly 1 signature",
                        dsse.signatures().size() + " signatures"));
            }
            signature = dsse.signatures().get(0);
            if (!IN_TOTO.equals(dsse.payloadType())) {
                return BundleOutcome.failed(new UnsupportedBundle("DSSE payloadType " + IN_TOTO,
                        "'" + dsse.payloadType() + "'"));
            }
            try {
                if (!root.signatures().verifyMessage(signerKey, dsse.pae(), signature)) {
                    failures.add(new SignatureInvalid("the DSSE envelope", signerLabel, "signature does not verify"));
                }
            } catch (GeneralSecurityException e) {
                failures.add(new SignatureInvalid("the DSSE envelope", signerLabel, String.valueOf(e.getMessage())));
            }
            try {
                statement = InTotoStatement.parse(dsse.payload());
            } catch (IOException e) {
                failures.add(provenance ? new ProvenanceInvalid("an in-toto statement", String.valueOf(e.getMessage()))
                        : new UnsupportedBundle("an in-toto statement in the DSSE payload", String.valueOf(
                                e.getMessage())));
            }
            if (digest != null && statement != null && !statement.names(digest)) {
                failures.add(statement.isSlsaProvenance()
                        ? new ProvenanceSubjectMismatch(digest.toString(), statement.describeSubjects())
                        : new DigestMismatch("in-toto statement subject", digest.toString(),
                                String.valueOf(statement.describeSubjects())));
            }
        }

        // The transparency log entry.
        TlogEntry entry = bundle.tlogEntries().get(0);
        List<TrustedRoot.Log> logs = root.logs(entry.logId());
        TrustedRoot.Log log = logs.stream().filter(l -> l.key() != null).findFirst().orElse(null);
        String logName = Base64.getEncoder().encodeToString(entry.logId());
        if (log == null) {
            failures.add(new TlogEntryInvalid("a readable key for log " + logName + " in " + root.name(),
                    "an unsupported key type"));
            return outcome(failures, signerName, issuer, entry, null, statement);
        }
        checkBody(entry, bundle, digest, signerKey, leaf, signature, failures);

        boolean setVerified = false;
        if (entry.signedEntryTimestamp() != null) {
            try {
                setVerified = root.signatures().verifyMessage(Objects.requireNonNull(log.key()), signableContent(entry),
                        entry.signedEntryTimestamp());
                if (!setVerified) {
                    failures.add(new SetInvalid(logName, "signature does not verify with the log's key"));
                }
            } catch (GeneralSecurityException e) {
                failures.add(new SetInvalid(logName, String.valueOf(e.getMessage())));
            }
        }
        // v0.1 bundles predate mandatory inclusion proofs: their entry's signed entry timestamp is required instead
        // (protobuf-specs TransparencyLogEntry; sigstore-js and sigstore-go verify such bundles with the SET alone)
        boolean v01 = "0.1".equals(bundle.version());
        if (v01 && entry.signedEntryTimestamp() == null) {
            failures.add(new SetInvalid(logName, "absent: a v0.1 bundle's entry must carry a signed entry "
                    + "timestamp (inclusion promise)"));
        }
        if (entry.inclusionProof() == null) {
            if ((requireInclusionProof && !v01) || entry.signedEntryTimestamp() == null) {
                failures.add(new InclusionProofMissing(entry.logIndex()));
            }
        } else {
            checkInclusion(entry, log, root.signatures(), failures);
        }

        // Verified times: the SET-signed integration time and RFC 3161 timestamps.
        List<TrustedTime> times = new ArrayList<>();
        if (setVerified && entry.integratedTime() > 0) {
            times.add(new TrustedTime(Instant.ofEpochSecond(entry.integratedTime()), "log integration time"));
        }
        // A threshold of verified times, as sigstore-go and sigstore-python: a timestamp that does not verify is not
        // counted (the list is unsigned: whoever can add one could remove the bundle), every counted time is checked.
        List<String> unverified = new ArrayList<>();
        if (bundle.rfc3161Timestamps().size() > MAX_TIMESTAMPS) {
            failures.add(new UnsupportedBundle("at most " + MAX_TIMESTAMPS + " RFC 3161 timestamps",
                    bundle.rfc3161Timestamps().size() + ""));
            return outcome(failures, signerName, issuer, entry, null, statement);
        }
        for (byte[] timestamp : bundle.rfc3161Timestamps()) {
            try {
                var response = ImmutableTimestampResponse.builder().encoded(timestamp).build();
                root.timestampVerifier().verify(response, signature);
                times.add(new TrustedTime(response.getGenTime().toInstant(), "RFC 3161 timestamp"));
            } catch (Exception e) { // the library throws several checked types and unchecked parse errors
                unverified.add(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
            }
        }
        boolean setFailed = entry.signedEntryTimestamp() != null && !setVerified; // already says why no time
        if (times.size() < VERIFIED_TIME_THRESHOLD && (!setFailed || !unverified.isEmpty())) {
            failures.add(new TimestampInvalid(VERIFIED_TIME_THRESHOLD + " verified time(s): a signed entry "
                    + "timestamp, or an RFC 3161 timestamp over the signature by a TSA of " + root.name(),
                    unverified.isEmpty() ? "none" : "none; " + unverified.size() + " RFC 3161 timestamp(s) did not "
                            + "verify: " + String.join("; ", unverified)));
        }
        for (TrustedTime time : times) {
            if (logs.stream().noneMatch(l -> l.validAt(time.time()))) {
                failures.add(new TlogOutsideValidity(logName, log.describeValidity(), time.time()));
            }
        }

        // The certificate: chain to a CA of the root and valid at every verified time.
        if (leaf != null) {
            String untrusted = root.certificates().check(leaf);
            if (untrusted != null) {
                failures.add(new CertificateChainInvalid(signerName, untrusted));
            }
            for (TrustedTime time : times) {
                try {
                    leaf.checkValidity(Date.from(time.time()));
                } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                    failures.add(new CertificateExpiredAtIntegration(leaf.getNotBefore().toInstant(),
                            leaf.getNotAfter().toInstant(), time.time(), time.source()));
                }
            }
        }
        return outcome(failures, signerName, issuer, entry, times.isEmpty() ? null : times.get(0).time(),
                statement);
    }

    private static BundleOutcome outcome(List<VerificationFailure> failures, String identity,
            @CheckForNull String issuer, TlogEntry entry, @CheckForNull Instant time,
            @CheckForNull InTotoStatement statement) {
        return new BundleOutcome(List.copyOf(failures), identity, issuer, entry.logIndex(), time, statement);
    }

    private static String firstLine(@CheckForNull String text) {
        if (text == null) {
            return "(no detail)";
        }
        return text.replace('\n', ' ').strip();
    }

    private static void checkIdentity(IdentityPolicy policy, CertificateIdentity actual,
            List<VerificationFailure> failures) {
        List<IdentityPolicy.Alternative> sanMatches = policy.alternatives().stream()
                .filter(a -> a.san().matches(actual.san())).toList();
        if (sanMatches.isEmpty()) {
            failures.add(new IdentityMismatch(policy.describeIdentities(), actual.san()));
        } else if (sanMatches.stream().noneMatch(a -> a.issuer().equals(actual.issuer()))) {
            failures.add(new IssuerMismatch(sanMatches.stream().map(IdentityPolicy.Alternative::issuer).distinct()
                    .toList(), actual.issuer()));
        }
    }

    @CheckForNull
    static Digest.Algorithm algorithm(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "SHA256", "SHA2_256", "SHA-256" -> Digest.Algorithm.SHA256;
            case "SHA512", "SHA2_512", "SHA-512" -> Digest.Algorithm.SHA512;
            case "SHA384", "SHA2_384", "SHA-384" -> Digest.Algorithm.SHA384;
            default -> null;
        };
    }

    /** The canonical JSON the log signed as the SET (RFC 8785 key order; values need no escaping). */
    private static byte[] signableContent(TlogEntry entry) {
        return ("{\"body\":\"" + Base64.getEncoder().encodeToString(entry.canonicalizedBody())
                + "\",\"integratedTime\":" + entry.integratedTime()
                + ",\"logID\":\"" + HexFormat.of().formatHex(entry.logId())
                + "\",\"logIndex\":" + entry.logIndex() + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static void checkInclusion(TlogEntry entry, TrustedRoot.Log log, Signatures signatures,
            List<VerificationFailure> failures) {
        SigstoreBundle.InclusionProof proof = Objects.requireNonNull(entry.inclusionProof());
        String rootHash = HexFormat.of().formatHex(proof.rootHash());
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((byte) 0);
            byte[] leafHash = sha256.digest(entry.canonicalizedBody());
            InclusionProofVerifier.verify(leafHash, proof.logIndex(), proof.treeSize(), proof.hashes(),
                    proof.rootHash());
        } catch (InclusionProofVerificationException | GeneralSecurityException | RuntimeException e) {
            failures.add(new InclusionProofInvalid(rootHash, "the proof for index " + proof.logIndex() + " of "
                    + proof.treeSize() + " does not reach it (" + firstLine(e.getMessage()) + ")"));
            return;
        }
        String envelope = proof.checkpoint();
        if (envelope == null || envelope.isEmpty()) {
            failures.add(new CheckpointInvalid("a signed checkpoint for root hash " + rootHash, "none"));
            return;
        }
        RekorEntry.Checkpoint checkpoint;
        try {
            checkpoint = Checkpoints.from(envelope);
        } catch (RekorParseException | RuntimeException e) {
            failures.add(new CheckpointInvalid("a signed note", "unparsable: " + firstLine(e.getMessage())));
            return;
        }
        String checkpointHash = HexFormat.of().formatHex(Base64.getDecoder().decode(checkpoint.getBase64Hash()));
        if (!checkpointHash.equals(rootHash) || checkpoint.getSize() == null
                || checkpoint.getSize() != proof.treeSize()) {
            failures.add(new CheckpointInvalid("root hash " + rootHash + " of tree size " + proof.treeSize(),
                    "root hash " + checkpointHash + " of tree size " + checkpoint.getSize()));
            return;
        }
        byte[] hint = Arrays.copyOf(log.keyId(), 4);
        byte[] signedData = checkpoint.getSignedData().getBytes(StandardCharsets.UTF_8);
        boolean signed = false;
        for (RekorEntry.CheckpointSignature signature : checkpoint.getSignatures()) {
            if (!Arrays.equals(signature.getKeyHint(), hint)) {
                continue;
            }
            try {
                signed = signatures.verifyMessage(Objects.requireNonNull(log.key()), signedData,
                        signature.getSignature());
            } catch (GeneralSecurityException e) {
                signed = false;
            }
            if (signed) {
                break;
            }
        }
        if (!signed) {
            failures.add(new CheckpointInvalid("a valid signature by log " + log.baseUrl() + " (key hint "
                    + HexFormat.of().formatHex(hint) + ")", checkpoint.getSignatures().size()
                    + " signature(s), none valid"));
        }
    }

    /** The log entry must record exactly this bundle: same digest or payload, signature and signer. */
    private static void checkBody(TlogEntry entry, SigstoreBundle bundle, @CheckForNull Digest digest,
            PublicKey signerKey, @CheckForNull X509Certificate leaf, byte[] signature,
            List<VerificationFailure> failures) {
        JsonNode body;
        try {
            body = JsonTrees.read(entry.canonicalizedBody());
        } catch (IOException e) {
            failures.add(new TlogEntryInvalid("a JSON canonicalized body", "unparsable: " + firstLine(
                    e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage())));
            return;
        }
        String kind = body.path("kind").asText("");
        String version = body.path("apiVersion").asText("");
        if (!kind.equals(entry.kind()) || !version.equals(entry.kindVersion())) {
            failures.add(new TlogEntryInvalid("body kind " + entry.kind() + " " + entry.kindVersion(),
                    kind + " " + version));
            return;
        }
        JsonNode spec = body.path("spec");
        SigstoreBundle.Dsse dsse = bundle.dsse();
        try {
            switch (kind + "/" + version) {
                case "hashedrekord/0.0.1" -> {
                    JsonNode hash = spec.path("data").path("hash");
                    Digest expected = dsse == null ? digest : ArtifactDigester.digest(dsse.pae(),
                            Digest.Algorithm.SHA256);
                    checkEntryDigest(hash.path("algorithm").asText(), hexOf(hash.path("value")), expected, failures);
                    checkEntrySignature(base64(spec.path("signature").path("content")), signature, failures);
                    checkEntryVerifier(base64(spec.path("signature").path("publicKey").path("content")), true,
                            signerKey, leaf, failures);
                }
                case "hashedrekord/0.0.2" -> {
                    JsonNode v2 = spec.path("hashedRekordV002");
                    Digest expected = dsse == null ? digest : ArtifactDigester.digest(dsse.pae(),
                            Digest.Algorithm.SHA256);
                    checkEntryDigest(v2.path("data").path("algorithm").asText(),
                            base64(v2.path("data").path("digest")), expected, failures);
                    checkEntrySignature(base64(v2.path("signature").path("content")), signature, failures);
                    checkV2Verifier(v2.path("signature").path("verifier"), signerKey, leaf, failures);
                }
                case "dsse/0.0.1" -> {
                    requireDsse(dsse, kind);
                    checkEntryDigest(spec.path("payloadHash").path("algorithm").asText(),
                            hexOf(spec.path("payloadHash").path("value")), payloadDigest(dsse), failures);
                    JsonNode signatures = spec.path("signatures");
                    if (signatures.size() != 1) {
                        failures.add(new TlogEntryInvalid("1 signature in the entry", signatures.size() + ""));
                        return;
                    }
                    checkEntrySignature(base64(signatures.get(0).path("signature")), signature, failures);
                    checkEntryVerifier(base64(signatures.get(0).path("verifier")), true, signerKey, leaf, failures);
                }
                case "dsse/0.0.2" -> {
                    requireDsse(dsse, kind);
                    JsonNode v2 = spec.path("dsseV002");
                    checkEntryDigest(v2.path("payloadHash").path("algorithm").asText(),
                            base64(v2.path("payloadHash").path("digest")), payloadDigest(dsse), failures);
                    JsonNode signatures = v2.path("signatures");
                    if (signatures.size() != 1) {
                        failures.add(new TlogEntryInvalid("1 signature in the entry", signatures.size() + ""));
                        return;
                    }
                    checkEntrySignature(base64(signatures.get(0).path("content")), signature, failures);
                    checkV2Verifier(signatures.get(0).path("verifier"), signerKey, leaf, failures);
                }
                case "intoto/0.0.2" -> {
                    requireDsse(dsse, kind);
                    JsonNode content = spec.path("content");
                    checkEntryDigest(content.path("payloadHash").path("algorithm").asText(),
                            hexOf(content.path("payloadHash").path("value")), payloadDigest(dsse), failures);
                    JsonNode signatures = content.path("envelope").path("signatures");
                    if (signatures.size() != 1) {
                        failures.add(new TlogEntryInvalid("1 signature in the entry", signatures.size() + ""));
                        return;
                    }
                    // intoto 0.0.2 stores the envelope's base64 fields base64-encoded once more
                    byte[] sig = Base64.getDecoder().decode(new String(base64(signatures.get(0).path("sig")),
                            StandardCharsets.US_ASCII).strip());
                    checkEntrySignature(sig, signature, failures);
                    checkEntryVerifier(base64(signatures.get(0).path("publicKey")), true, signerKey, leaf, failures);
                }
                default -> failures.add(new UnsupportedBundle("tlog entry kind hashedrekord 0.0.1/0.0.2, "
                        + "dsse 0.0.1/0.0.2 or intoto 0.0.2", kind + " " + version));
            }
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            failures.add(new TlogEntryInvalid("a well-formed " + kind + " " + version + " body",
                    firstLine(e.getMessage())));
        }
    }

    private static void requireDsse(@CheckForNull SigstoreBundle.Dsse dsse, String kind) {
        if (dsse == null) {
            throw new IllegalArgumentException("a " + kind + " entry for a bundle with a message signature");
        }
    }

    private static Digest payloadDigest(@CheckForNull SigstoreBundle.Dsse dsse) {
        return ArtifactDigester.digest(Objects.requireNonNull(dsse).payload(), Digest.Algorithm.SHA256);
    }

    private static byte[] hexOf(JsonNode node) {
        return HexFormat.of().parseHex(node.asText());
    }

    private static byte[] base64(JsonNode node) {
        return Base64.getDecoder().decode(node.asText());
    }

    private static void checkEntryDigest(String algorithmName, byte[] value, @CheckForNull Digest expected,
            List<VerificationFailure> failures) {
        Digest.Algorithm algorithm = algorithm(algorithmName);
        if (algorithm == null) {
            failures.add(new UnsupportedBundle("entry digest algorithm sha256, sha384 or sha512", algorithmName));
            return;
        }
        if (expected == null) {
            return;
        }
        String actual = algorithm.prefix() + ":" + HexFormat.of().formatHex(value);
        if (!actual.equals(expected.toString())) {
            failures.add(new DigestMismatch("transparency log entry", expected.toString(), actual));
        }
    }

    private static void checkEntrySignature(byte[] inEntry, byte[] signature, List<VerificationFailure> failures) {
        if (!Arrays.equals(inEntry, signature)) {
            failures.add(new TlogEntryInvalid("the bundle's signature in the log entry", "a different signature"));
        }
    }

    private static void checkV2Verifier(JsonNode verifier, PublicKey signerKey, @CheckForNull X509Certificate leaf,
            List<VerificationFailure> failures) throws GeneralSecurityException {
        JsonNode certificate = verifier.path("x509Certificate").path("rawBytes");
        JsonNode publicKey = verifier.path("publicKey").path("rawBytes");
        if (!certificate.isMissingNode()) {
            checkEntryCertificate(base64(certificate), signerKey, leaf, failures);
        } else if (!publicKey.isMissingNode()) {
            checkEntryKey(base64(publicKey), signerKey, failures);
        } else {
            failures.add(new TlogEntryInvalid("a verifier (certificate or key) in the entry", "none"));
        }
    }

    private static void checkEntryVerifier(byte[] pem, boolean isPem, PublicKey signerKey,
            @CheckForNull X509Certificate leaf, List<VerificationFailure> failures) throws GeneralSecurityException {
        String text = new String(pem, StandardCharsets.US_ASCII);
        if (isPem && text.contains("BEGIN CERTIFICATE")) {
            checkEntryCertificate(pemBody(text, "CERTIFICATE"), signerKey, leaf, failures);
        } else if (isPem && text.contains("BEGIN PUBLIC KEY")) {
            checkEntryKey(pemBody(text, "PUBLIC KEY"), signerKey, failures);
        } else {
            failures.add(new TlogEntryInvalid("a PEM certificate or public key as the entry's verifier",
                    "something else"));
        }
    }

    private static byte[] pemBody(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        int start = pem.indexOf(begin) + begin.length();
        int end = pem.indexOf("-----END " + type + "-----", start);
        return Base64.getMimeDecoder().decode(pem.substring(start, end < 0 ? pem.length() : end));
    }

    private static void checkEntryCertificate(byte[] der, PublicKey signerKey, @CheckForNull X509Certificate leaf,
            List<VerificationFailure> failures) throws CertificateException {
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        boolean same = leaf != null ? Arrays.equals(certificate.getEncoded(), leaf.getEncoded())
                : Arrays.equals(certificate.getPublicKey().getEncoded(), signerKey.getEncoded());
        if (!same) {
            failures.add(new TlogEntryInvalid("the bundle's signer in the log entry", "a different certificate"));
        }
    }

    private static void checkEntryKey(byte[] der, PublicKey signerKey, List<VerificationFailure> failures) {
        if (!Arrays.equals(der, signerKey.getEncoded())) {
            failures.add(new TlogEntryInvalid("the bundle's signer key in the log entry", "a different key"));
        }
    }
}
