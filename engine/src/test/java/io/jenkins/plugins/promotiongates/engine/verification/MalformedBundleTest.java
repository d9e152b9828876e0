package io.jenkins.plugins.promotiongates.engine.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.BEACON;
import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.FIXTURES;
import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.GITHUB_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fail closed on malformed input: every field of genuine bundles (hashedrekord and DSSE) removed or replaced by
 * garbage gives a failure with a cause, never an exception and never a pass.
 */
class MalformedBundleTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> BUNDLES = List.of("conformance/happy-path-v0.3/bundle.sigstore.json",
            "conformance/happy-path-intoto-in-dsse-v3/bundle.sigstore.json");

    /** One mutation: a JSON path and what is done there. */
    record Mutation(String bundle, String path, String kind) {
        @Override
        public String toString() {
            return bundle.substring(bundle.indexOf('/') + 1, bundle.lastIndexOf('/')) + " " + path + " " + kind;
        }
    }

    static Stream<Mutation> mutations() throws IOException {
        List<Mutation> mutations = new ArrayList<>();
        for (String bundle : BUNDLES) {
            collect(bundle, MAPPER.readTree(FIXTURES.resolve(bundle).toFile()), "", mutations);
        }
        return mutations.stream();
    }

    private static void collect(String bundle, JsonNode node, String path, List<Mutation> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = path + "/" + field.getKey();
                out.add(new Mutation(bundle, child, "remove"));
                collect(bundle, field.getValue(), child, out);
            }
        } else if (node.isArray()) {
            if (node.size() > 0) {
                collect(bundle, node.get(0), path + "/0", out);
            }
        } else {
            out.add(new Mutation(bundle, path, "garbage"));
            out.add(new Mutation(bundle, path, "flip"));
        }
    }

    static void apply(JsonNode root, Mutation mutation) {
        String path = mutation.path();
        int slash = path.lastIndexOf('/');
        JsonNode parent = root.at(path.substring(0, slash));
        String name = path.substring(slash + 1);
        Consumer<JsonNode> set = value -> {
            if (parent instanceof ArrayNode array) {
                array.set(Integer.parseInt(name), value);
            } else {
                ((ObjectNode) parent).set(name, value);
            }
        };
        switch (mutation.kind()) {
            case "remove" -> {
                if (parent instanceof ArrayNode array) {
                    array.remove(Integer.parseInt(name));
                } else {
                    ((ObjectNode) parent).remove(name);
                }
            }
            case "garbage" -> set.accept(TextNode.valueOf("-1!garbage"));
            default -> {
                String text = root.at(path).asText();
                if (text.isEmpty()) {
                    set.accept(TextNode.valueOf("A"));
                    return;
                }
                char first = text.charAt(0);
                set.accept(TextNode.valueOf((first == 'A' ? 'B' : 'A') + text.substring(1)));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void shouldFailClosedOnEveryMutation(Mutation mutation) throws Exception {
        JsonNode root = MAPPER.readTree(FIXTURES.resolve(mutation.bundle()).toFile());
        apply(root, mutation);
        ArtifactRef artifact = new ArtifactRef("a.txt", ArtifactDigester.digest(FIXTURES.resolve("conformance/a.txt"),
                Digest.Algorithm.SHA256));

        VerificationResult result = CorpusTest.verifierFor("trusted-roots/public-good.json").verify(artifact,
                root.toString(), IdentityPolicy.exact(BEACON, GITHUB_ISSUER), null, null);

        if (mutation.path().endsWith("/messageDigest") && mutation.kind().equals("remove")) {
            assertThat(result.failures()).as("messageDigest is optional: the log entry states the digest").isEmpty();
            return;
        }
        assertThat(result.verified()).as("%s: %s", mutation, result.failures()).isFalse();
        assertThat(result.failures()).allSatisfy(failure -> assertThat(failure.message()).isNotBlank());
    }
}
