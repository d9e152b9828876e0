package io.jenkins.plugins.promotiongates.engine.verification;

import com.fasterxml.jackson.databind.JsonNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Digest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An in-toto statement (v1, or v0.1 as SLSA v0.2 generators still emit) from a DSSE payload, and the SLSA
 * provenance facts its predicate states (builder, source repository, ref, commit).
 */
record InTotoStatement(String type, List<Subject> subjects, @CheckForNull String predicateType,
        JsonNode predicate) {
    static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
    static final Set<String> STATEMENT_TYPES = Set.of("https://in-toto.io/Statement/v1",
            "https://in-toto.io/Statement/v0.1");
    static final String SLSA_V1 = "https://slsa.dev/provenance/v1";
    static final String SLSA_V02 = "https://slsa.dev/provenance/v0.2";
    static final List<String> SLSA_PREDICATES = List.of(SLSA_V1, SLSA_V02);


    /** One subject: a name and its digests by algorithm name (sha256, sha512, …). */
    record Subject(String name, Map<String, String> digests) {
    }

    /** The facts a SLSA predicate states; any may be absent. */
    record Facts(@CheckForNull String builderId, @CheckForNull String sourceRepository,
            @CheckForNull String sourceRef, @CheckForNull String sourceCommit) {
    }

    /** Parses a DSSE payload; the exception message says what was expected and found. */
    static InTotoStatement parse(byte[] payload) throws IOException {
        JsonNode root = JsonTrees.read(payload);
        if (root == null || !root.isObject()) {
            throw new IOException("expected an in-toto statement (JSON object), found " + (root == null ? "nothing"
                    : root.getNodeType()));
        }
        String type = root.path("_type").asText("");
        if (!STATEMENT_TYPES.contains(type)) {
            throw new IOException("expected _type one of " + STATEMENT_TYPES + ", found '" + type + "'");
        }
        List<Subject> subjects = new ArrayList<>();
        for (JsonNode subject : root.path("subject")) {
            Map<String, String> digests = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : subject.path("digest").properties()) {
                digests.put(field.getKey().toLowerCase(Locale.ROOT), field.getValue().asText().toLowerCase(Locale.ROOT));
            }
            subjects.add(new Subject(subject.path("name").asText(""), Map.copyOf(digests)));
        }
        if (subjects.isEmpty()) {
            throw new IOException("expected at least one subject, found none");
        }
        JsonNode predicateType = root.get("predicateType");
        return new InTotoStatement(type, List.copyOf(subjects), predicateType == null ? null : predicateType.asText(),
                root.path("predicate"));
    }

    boolean isSlsaProvenance() {
        return predicateType != null && SLSA_PREDICATES.contains(predicateType);
    }

    /** True if a subject carries exactly this digest. */
    boolean names(Digest digest) {
        return subjects.stream().anyMatch(s -> digest.hex().equals(s.digests().get(digest.algorithm().prefix())));
    }

    List<String> describeSubjects() {
        return subjects.stream().map(s -> s.name() + " " + s.digests()).toList();
    }

    /** Reads builder and source facts from a SLSA v1 or v0.2 predicate, tolerating absent fields. */
    Facts facts() {
        if (SLSA_V02.equals(predicateType)) {
            String builder = textAt(predicate, "builder", "id");
            JsonNode configSource = predicate.path("invocation").path("configSource");
            String uri = textAt(configSource, "uri");
            String commit = textAt(configSource, "digest", "sha1");
            if (uri == null) {
                for (JsonNode material : predicate.path("materials")) {
                    if (material.path("uri").asText("").startsWith("git+")) {
                        uri = material.path("uri").asText();
                        commit = textAt(material, "digest", "sha1");
                        break;
                    }
                }
            }
            return new Facts(builder, repositoryOf(uri), refOf(uri), commit);
        }
        String builder = textAt(predicate, "runDetails", "builder", "id");
        JsonNode definition = predicate.path("buildDefinition");
        JsonNode workflow = definition.path("externalParameters").path("workflow");
        String repository = textAt(workflow, "repository");
        String ref = textAt(workflow, "ref");
        String commit = null;
        for (JsonNode dependency : definition.path("resolvedDependencies")) {
            String uri = dependency.path("uri").asText("");
            if (uri.startsWith("git+")) {
                repository = repository != null ? repository : repositoryOf(uri);
                ref = ref != null ? ref : refOf(uri);
                commit = firstNonNull(textAt(dependency, "digest", "gitCommit"), textAt(dependency, "digest", "sha1"));
                break;
            }
        }
        JsonNode internal = definition.path("internalParameters");
        if (repository == null && textAt(internal, "GITHUB_REPOSITORY") != null) {
            repository = "https://github.com/" + textAt(internal, "GITHUB_REPOSITORY");
        }
        ref = ref != null ? ref : textAt(internal, "GITHUB_REF");
        commit = commit != null ? commit : textAt(internal, "GITHUB_SHA");
        return new Facts(builder, repository, ref, commit);
    }

    @CheckForNull
    private static String repositoryOf(@CheckForNull String uri) {
        if (uri == null) {
            return null;
        }
        int scheme = uri.indexOf("://");
        int at = uri.indexOf('@', scheme < 0 ? 0 : scheme);
        String repository = at < 0 ? uri : uri.substring(0, at);
        return repository.startsWith("git+") ? repository.substring(4) : repository;
    }

    @CheckForNull
    private static String refOf(@CheckForNull String uri) {
        if (uri == null) {
            return null;
        }
        int at = uri.indexOf("@refs/");
        return at < 0 ? null : uri.substring(at + 1);
    }

    @CheckForNull
    private static String firstNonNull(@CheckForNull String first, @CheckForNull String second) {
        return first != null ? first : second;
    }

    @CheckForNull
    private static String textAt(JsonNode node, String... path) {
        JsonNode current = node;
        for (String name : path) {
            current = current.path(name);
        }
        return current.isValueNode() && !current.asText().isEmpty() ? current.asText() : null;
    }
}
