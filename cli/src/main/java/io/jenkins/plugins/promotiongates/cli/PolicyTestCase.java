package io.jenkins.plugins.promotiongates.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.ledger.PromotionHistory;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ProvenanceEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.model.SignatureEvidence;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One policy test case, kept next to the policy like OPA's tests: a request with its (already verified) evidence, the
 * deployment history, the time, and the expected outcome and reason codes. Evaluated with the same engine as a
 * real gate, without cryptography, so cases stay readable and fast.
 *
 * <pre>
 * name: production needs two approvals
 * at: 2026-11-24T10:00:00Z
 * request:
 *   environment: production
 *   requester: {id: alice}
 *   run: {job: shop/api, run: "42", repository: https://github.com/acme/shop}
 *   artifacts:
 *     - name: app.jar
 *       digest: sha256:…
 *       signature: {identity: https://github.com/acme/shop/.github/workflows/release.yml@refs/tags/v1, issuer: https://token.actions.githubusercontent.com}
 *       provenance: {predicateType: https://slsa.dev/provenance/v1, builderId: …, sourceRepository: …, sourceRef: refs/tags/v1}
 *   tests: {total: 120, failed: 0}
 *   rollbackPlan: docs/rollback.md
 * history:
 *   - {digest: sha256:…, environment: canary, deployedAt: 2026-11-24T08:00:00Z}
 * expect:
 *   outcome: PENDING
 *   codes: [APPROVAL_REQUIRED]
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
record PolicyTestCase(@JsonProperty(required = true) String name, @JsonProperty(required = true) Instant at,
        @JsonProperty(required = true) Request request, @CheckForNull List<Deployment> history,
        @JsonProperty(required = true) Expectation expect) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    record Request(@JsonProperty(required = true) String environment, @CheckForNull String action,
            @JsonProperty(required = true) Who requester, @CheckForNull Run run,
            @CheckForNull List<Artifact> artifacts, @CheckForNull Tests tests, @CheckForNull String rollbackPlan,
            @CheckForNull Entitlement entitlement, @CheckForNull Boolean freezeException,
            @CheckForNull List<String> changedPaths) {
    }

    /** Optional flags are wrappers: an omitted key means false, while a required number stays required. */
    record Who(@JsonProperty(required = true) String id, @CheckForNull Boolean agent) {
        boolean isAgent() {
            return Boolean.TRUE.equals(agent);
        }
    }

    record Run(@CheckForNull String job, @CheckForNull String run, @CheckForNull String startedBy,
            @CheckForNull String repository, @CheckForNull List<String> commitAuthors) {
    }

    record Artifact(@JsonProperty(required = true) String name, @JsonProperty(required = true) String digest,
            @CheckForNull Signature signature, @CheckForNull Provenance provenance) {
    }

    record Signature(@CheckForNull String identity, @CheckForNull String issuer, @CheckForNull String failure) {
    }

    record Provenance(@CheckForNull String predicateType, @CheckForNull String builderId,
            @CheckForNull String sourceRepository, @CheckForNull String sourceRef, @CheckForNull String failure) {
    }

    record Tests(int total, int failed, @CheckForNull Integer skipped) {
    }

    record Entitlement(@JsonProperty(required = true) String agentId, @CheckForNull String task,
            @CheckForNull List<String> repos, @CheckForNull List<String> actions,
            @CheckForNull List<String> environments, @CheckForNull Instant expiresAt, @CheckForNull String failure) {
    }

    record Deployment(@JsonProperty(required = true) String digest, @JsonProperty(required = true) String environment,
            @JsonProperty(required = true) Instant deployedAt) {
    }

    record Expectation(@JsonProperty(required = true) Outcome outcome, @CheckForNull List<ReasonCode> codes) {
    }

    static PolicyTestCase read(Path file) throws IOException {
        try {
            return YAML.readValue(file.toFile(), PolicyTestCase.class);
        } catch (JsonMappingException e) {
            var location = e.getLocation();
            throw new IOException(file + (location == null ? "" : ":" + location.getLineNr() + ":" + location.getColumnNr())
                    + ": " + path(e) + describe(e), e);
        }
    }

    /** Jackson's problem in a test author's words: the key, the value and what was expected, no Java class names. */
    private static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            TreeSet<String> known = new TreeSet<>();
            unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            return "unknown key '" + unknown.getPropertyName() + "'; expected one of " + String.join(", ", known);
        }
        if (e instanceof InvalidFormatException format) {
            Class<?> type = format.getTargetType();
            String value = "'" + format.getValue() + "'";
            if (type == Instant.class) {
                return value + " is not a time; expected an ISO-8601 UTC time such as 2026-11-24T08:30:00Z";
            }
            if (type != null && type.isEnum()) {
                return value + " is not one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                        .collect(Collectors.joining(", "));
            }
            if (type == int.class || type == Integer.class) {
                return value + " is not a whole number";
            }
            return value + " is not a valid value here";
        }
        String original = e.getOriginalMessage();
        java.util.regex.Matcher missing = java.util.regex.Pattern.compile("Missing required creator property '([^']+)'")
                .matcher(original);
        if (missing.find()) {
            return "missing required key '" + missing.group(1) + "'";
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            Class<?> type = mismatched.getTargetType();
            return "expected " + (type == String.class ? "a text value"
                    : List.class.isAssignableFrom(type) ? "a list"
                    : type == Instant.class ? "an ISO-8601 UTC time such as 2026-11-24T08:30:00Z"
                    : type.isRecord() ? "a mapping of keys" : "a " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT));
        }
        // Anything else: the parser's sentence without its class names.
        return original.replaceAll("`[^`]*`", "value").replaceAll("\\(class [^)]*\\)", "").trim();
    }

    /** The key path of a mapping error ({@code request.artifacts[0].digest: }): the parser's line may be past the key. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "" : path + ": ";
    }

    PromotionRequest toRequest() {
        Run runValue = request.run() == null ? new Run(null, null, null, null, null) : request.run();
        RunRef run = new RunRef(orDefault(runValue.job(), "test"), orDefault(runValue.run(), "1"), runValue.startedBy(),
                runValue.repository(), runValue.commitAuthors() == null ? List.of() : runValue.commitAuthors());
        Requester requester = request.requester().isAgent() ? Requester.agent(request.requester().id())
                : Requester.human(request.requester().id());
        PromotionRequest.Builder builder = PromotionRequest.builder("test:" + name.replaceAll("\\p{Cntrl}", " "),
                request.environment(), requester, run)
                .action("rollback".equals(request.action()) ? PromotionRequest.Action.ROLLBACK : PromotionRequest.Action.PROMOTE)
                .rollbackPlan(request.rollbackPlan())
                .freezeExceptionRequested(Boolean.TRUE.equals(request.freezeException()))
                .changedPaths(request.changedPaths() == null ? List.of() : request.changedPaths());
        if (request.tests() != null) {
            builder.tests(new TestEvidence(request.tests().total(), request.tests().failed(),
                    request.tests().skipped() == null ? 0 : request.tests().skipped()));
        }
        for (Artifact artifact : request.artifacts() == null ? List.<Artifact>of() : request.artifacts()) {
            builder.artifact(new ArtifactEvidence(new ArtifactRef(artifact.name(), Digest.parse(artifact.digest())),
                    signature(artifact.signature()), provenance(artifact.provenance())));
        }
        Entitlement entitlement = request.entitlement();
        if (entitlement != null) {
            builder.entitlement(entitlement.failure() != null
                    ? EntitlementEvidence.invalid(ReasonCode.valueOf(entitlement.failure()), "as stated by the test case")
                    : new EntitlementEvidence(true, entitlement.agentId(), entitlement.task(),
                            orEmpty(entitlement.repos()), orEmpty(entitlement.actions()),
                            orEmpty(entitlement.environments()), "test-broker", at,
                            entitlement.expiresAt() == null ? at.plusSeconds(1800) : entitlement.expiresAt(),
                            ReasonCode.OK, "verified"));
        }
        return builder.build();
    }

    PromotionHistory toHistory() {
        Map<String, Instant> deployed = new HashMap<>();
        for (Deployment deployment : history == null ? List.<Deployment>of() : history) {
            deployed.merge(Digest.parse(deployment.digest()) + "@" + deployment.environment(), deployment.deployedAt(),
                    (a, b) -> a.isAfter(b) ? a : b);
        }
        return (digest, environment) -> Optional.ofNullable(deployed.get(digest + "@" + environment));
    }

    @CheckForNull
    private static SignatureEvidence signature(@CheckForNull Signature signature) {
        if (signature == null) {
            return null;
        }
        if (signature.failure() != null) {
            return SignatureEvidence.failed(ReasonCode.valueOf(signature.failure()), "as stated by the test case");
        }
        return SignatureEvidence.verified(orDefault(signature.identity(), ""), signature.issuer(), null, null);
    }

    @CheckForNull
    private static ProvenanceEvidence provenance(@CheckForNull Provenance provenance) {
        if (provenance == null) {
            return null;
        }
        if (provenance.failure() != null) {
            return ProvenanceEvidence.failed(ReasonCode.valueOf(provenance.failure()), "as stated by the test case");
        }
        return ProvenanceEvidence.verified(orDefault(provenance.predicateType(), "https://slsa.dev/provenance/v1"),
                provenance.builderId(), provenance.sourceRepository(), provenance.sourceRef(), null);
    }

    private static String orDefault(@CheckForNull String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static List<String> orEmpty(@CheckForNull List<String> values) {
        return values == null ? List.of() : values;
    }
}
