package io.jenkins.plugins.promotiongates.engine.attestation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The gate's attestation that an ALLOW happened: an in-toto Statement v1 with the SLSA Verification Summary
 * predicate plus our {@value #EXTENSION} object (docs/attestations.md), serialised canonically and signed as a DSSE
 * envelope inside a Sigstore bundle v0.3.
 */
public record GateAttestation(List<ArtifactRef> subjects, String verifierId, Instant timeVerified,
        String resourceUri, String policyUri, String policySha256, List<InputAttestation> inputAttestations,
        List<String> verifiedLevels, String environment, String correlationId, List<String> approvers,
        List<String> reasonCodes) {

    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    public static final String PREDICATE_TYPE = "https://slsa.dev/verification_summary/v1";
    public static final String BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
    /** The predicate field holding what the gate decided beyond the SLSA fields. */
    public static final String EXTENSION = "promotionGates";
    public static final String PASSED = "PASSED";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A bundle or provenance document the gate verified before deciding. */
    public record InputAttestation(String uri, Digest digest) {
        public InputAttestation {
            Objects.requireNonNull(digest, "digest");
            requireUri(uri, "inputAttestations.uri");
        }
    }

    public GateAttestation {
        subjects = List.copyOf(subjects);
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("subjects: expected at least one artifact, found none");
        }
        requireUri(verifierId, "verifier.id");
        Objects.requireNonNull(timeVerified, "timeVerified");
        timeVerified = timeVerified.truncatedTo(ChronoUnit.SECONDS);
        requireUri(resourceUri, "resourceUri");
        requireUri(policyUri, "policy.uri");
        policySha256 = Digest.sha256(Objects.requireNonNull(policySha256, "policy.digest.sha256")).hex();
        inputAttestations = List.copyOf(inputAttestations);
        verifiedLevels = List.copyOf(verifiedLevels);
        requireText(environment, "environment");
        requireText(correlationId, "correlationId");
        approvers = List.copyOf(approvers);
        reasonCodes = List.copyOf(reasonCodes);
    }

    public static Builder builder(Clock clock) {
        return new Builder(clock);
    }

    /** The statement as canonical JSON (sorted keys, no white space): the DSSE payload. */
    public byte[] statement() {
        ObjectNode statement = NODES.objectNode();
        statement.put("_type", STATEMENT_TYPE);
        ArrayNode subject = statement.putArray("subject");
        for (ArtifactRef artifact : subjects) {
            ObjectNode entry = subject.addObject();
            entry.put("name", artifact.name());
            entry.set("digest", digest(artifact.digest()));
        }
        statement.put("predicateType", PREDICATE_TYPE);
        ObjectNode predicate = statement.putObject("predicate");
        predicate.putObject("verifier").put("id", verifierId);
        predicate.put("timeVerified", timeVerified.toString());
        predicate.put("resourceUri", resourceUri);
        ObjectNode policy = predicate.putObject("policy");
        policy.put("uri", policyUri);
        policy.putObject("digest").put("sha256", policySha256);
        ArrayNode inputs = predicate.putArray("inputAttestations");
        for (InputAttestation input : inputAttestations) {
            ObjectNode entry = inputs.addObject();
            entry.put("uri", input.uri());
            entry.set("digest", digest(input.digest()));
        }
        predicate.put("verificationResult", PASSED);
        ArrayNode levels = predicate.putArray("verifiedLevels");
        verifiedLevels.forEach(levels::add);
        ObjectNode extension = predicate.putObject(EXTENSION);
        extension.put("environment", environment);
        extension.put("correlationId", correlationId);
        ArrayNode approverArray = extension.putArray("approvers");
        approvers.forEach(approverArray::add);
        ArrayNode codes = extension.putArray("reasonCodes");
        reasonCodes.forEach(codes::add);
        return CanonicalJson.bytes(statement);
    }

    /** The Sigstore bundle JSON (UTF-8) carrying the statement signed by {@code key}. */
    public byte[] sign(AttestationKey key) {
        byte[] payload = statement();
        byte[] signature = key.sign(Dsse.pae(Dsse.PAYLOAD_TYPE, payload));
        Base64.Encoder base64 = Base64.getEncoder();
        ObjectNode bundle = NODES.objectNode();
        bundle.put("mediaType", BUNDLE_MEDIA_TYPE);
        ObjectNode material = bundle.putObject("verificationMaterial");
        material.putObject("publicKey").put("hint", key.keyId());
        material.putArray("tlogEntries");
        ObjectNode envelope = bundle.putObject("dsseEnvelope");
        envelope.put("payload", base64.encodeToString(payload));
        envelope.put("payloadType", Dsse.PAYLOAD_TYPE);
        ObjectNode sig = envelope.putArray("signatures").addObject();
        sig.put("sig", base64.encodeToString(signature));
        sig.put("keyid", key.keyId());
        return CanonicalJson.bytes(bundle);
    }

    private static ObjectNode digest(Digest digest) {
        ObjectNode node = NODES.objectNode();
        node.put(digest.algorithm().prefix(), digest.hex());
        return node;
    }

    private static void requireUri(String value, String field) {
        requireText(value, field);
        URI uri;
        try {
            uri = new URI(value);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(field + ": expected an absolute URI, found '" + value + "' ("
                    + e.getReason() + ")", e);
        }
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException(field + ": expected an absolute URI, found '" + value + "'");
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": expected a non-empty value, found none");
        }
    }

    /** Collects the fields; {@code timeVerified} is the clock's instant when {@link #build()} is called. */
    public static final class Builder {
        private final Clock clock;
        private final List<ArtifactRef> subjects = new ArrayList<>();
        private final List<InputAttestation> inputs = new ArrayList<>();
        private final List<String> levels = new ArrayList<>();
        private final List<String> approvers = new ArrayList<>();
        private final List<String> reasonCodes = new ArrayList<>();
        private String verifierId;
        private String resourceUri;
        private String policyUri;
        private String policySha256;
        private String environment;
        private String correlationId;

        private Builder(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        public Builder subject(String name, Digest digest) {
            subjects.add(new ArtifactRef(name, digest));
            return this;
        }

        public Builder verifierId(String uri) {
            this.verifierId = uri;
            return this;
        }

        public Builder resourceUri(String uri) {
            this.resourceUri = uri;
            return this;
        }

        public Builder policy(String uri, String sha256Hex) {
            this.policyUri = uri;
            this.policySha256 = sha256Hex;
            return this;
        }

        public Builder inputAttestation(String uri, Digest digest) {
            inputs.add(new InputAttestation(uri, digest));
            return this;
        }

        public Builder verifiedLevel(String level) {
            levels.add(level);
            return this;
        }

        public Builder environment(String name) {
            this.environment = name;
            return this;
        }

        public Builder correlationId(String id) {
            this.correlationId = id;
            return this;
        }

        public Builder approver(String user) {
            approvers.add(user);
            return this;
        }

        public Builder reasonCode(String code) {
            reasonCodes.add(code);
            return this;
        }

        /** The attestation; an IllegalArgumentException names the first missing or malformed field. */
        public GateAttestation build() {
            return new GateAttestation(subjects, verifierId, clock.instant(), resourceUri, policyUri, policySha256,
                    inputs, levels, environment, correlationId, approvers, reasonCodes);
        }
    }
}
