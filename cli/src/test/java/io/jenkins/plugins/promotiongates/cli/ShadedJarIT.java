package io.jenkins.plugins.promotiongates.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped artifact, not the test class path: {@code target/promotion-gates.jar} as maven-shade built it, run in
 * a JVM of its own on every case of the fixture corpus (engine/src/test/resources/fixtures/MANIFEST.tsv, the same
 * arguments as ../shared/tools/verify-corpus.sh passes). Runs in the integration-test phase (maven-failsafe), after
 * package. It proves that the jar verifies offline without what engine/pom.xml excludes from sigstore-java (gRPC and
 * Netty, Google OAuth, the Apache HTTP transport, OpenCensus, the common protos): a class missing at run time would
 * show as an exit other than 0 or 1, or as a linkage error on stderr.
 */
class ShadedJarIT {
    private static final Path JAR = Path.of("target/promotion-gates.jar");
    private static final Path FIXTURES = Path.of("../engine/src/test/resources/fixtures").toAbsolutePath().normalize();
    /** The identity verify-corpus.sh uses for conformance cases that name none. */
    private static final String BEACON = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
            + ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    private static final String GITHUB = "https://token.actions.githubusercontent.com";

    /**
     * Package prefixes of what engine/pom.xml excludes; none may be in the jar. (google-http-client's own
     * {@code http/apache} adapter classes stay with the jar engine/pom.xml keeps; the Apache client they need does not.)
     */
    private static final List<String> EXCLUDED = List.of(
            "io/grpc/", "io/netty/", "io/perfmark/", "io/opencensus/", "com/google/api/client/auth/",
            "com/google/api/client/extensions/", "com/google/api/client/http/apache/v2/", "org/apache/http/",
            "org/apache/commons/logging/", "com/google/api/client/json/gson/", "com/google/rpc/",
            "com/google/longrunning/", "com/google/type/");

    record Case(String name, List<String> arguments, boolean expectPass) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void jarIsBuilt() {
        assertThat(JAR).as("run by maven-failsafe after package").isRegularFile();
    }

    static Stream<Case> corpus() throws IOException {
        List<Case> cases = new ArrayList<>();
        List<String> lines = Files.readAllLines(FIXTURES.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            String identity = f[4].isEmpty() ? BEACON : f[4];
            String issuer = f[5].isEmpty() ? GITHUB : f[5];
            List<String> args = new ArrayList<>(List.of("verify", "--bundle", fixture(f[2]), "--trusted-root",
                    fixture(f[3]), "--identity", identity, "--issuer", issuer));
            if (!f[1].isEmpty()) {
                args.addAll(List.of("--artifact", fixture(f[1])));
            }
            Path dir = FIXTURES.resolve(f[0]);
            if (!Files.isDirectory(dir)) {
                dir = dir.getParent();
            }
            if (Files.isRegularFile(dir.resolve("key.pub"))) {
                args.addAll(List.of("--key", dir.resolve("key.pub").toString()));
            }
            if (Files.isRegularFile(dir.resolve("policy.json"))) {
                args.addAll(provenanceArguments(new ObjectMapper().readTree(dir.resolve("policy.json").toFile())));
            }
            cases.add(new Case(f[0], args, f[6].equals("pass")));
        }
        return cases.stream();
    }

    /** As verify-corpus.sh maps a SLSA case's policy.json onto the CLI's provenance options. */
    private static List<String> provenanceArguments(JsonNode policy) {
        List<String> args = new ArrayList<>();
        if (policy.hasNonNull("builderId")) {
            args.addAll(List.of("--builder-id", policy.get("builderId").asText()));
        }
        if (policy.hasNonNull("source")) {
            args.addAll(List.of("--source-repo", policy.get("source").asText()));
        }
        String ref = policy.hasNonNull("tag") ? "refs/tags/" + policy.get("tag").asText()
                : policy.hasNonNull("versionedTag") ? "refs/tags/" + policy.get("versionedTag").asText()
                : policy.hasNonNull("branch") ? "refs/heads/" + policy.get("branch").asText() : null;
        if (ref != null) {
            args.addAll(List.of("--source-ref", ref));
        }
        return args;
    }

    private static String fixture(String relative) {
        return FIXTURES.resolve(relative).toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void shouldReachTheExpectedOutcomeInItsOwnJvmWithoutTheExcludedLibraries(Case c) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(c.arguments());
        Path err = Files.createTempFile("shaded-jar-it", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile())
                    .start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished within 120 s").isTrue();
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertThat(stderr).doesNotContain("NoClassDefFoundError", "ClassNotFoundException", "LinkageError");
            assertThat(process.exitValue()).as("exit code; stderr: %s", stderr).isEqualTo(c.expectPass() ? 0 : 1);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    @Test
    void shouldShipNoneOfTheExcludedLibraries() throws IOException {
        List<String> shipped = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            jar.stream().map(e -> e.getName()).filter(n -> EXCLUDED.stream().anyMatch(n::startsWith))
                    .forEach(shipped::add);
            // sigstore-java's own copy of the google/api annotations its protos need stays, and so does Lists.
            assertThat(jar.getEntry("com/google/api/FieldBehaviorProto.class")).isNotNull();
            assertThat(jar.getEntry("com/google/api/client/util/Lists.class")).isNotNull();
        }
        assertThat(shipped).isEmpty();
    }
}
