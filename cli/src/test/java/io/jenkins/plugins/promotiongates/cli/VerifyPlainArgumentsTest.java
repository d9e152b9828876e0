package io.jenkins.plugins.promotiongates.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code verify} with plain arguments is parsed without picocli ({@link VerifyCommand#parsePlain}): whatever it
 * accepts, picocli parses to the same options; whatever it is unsure of, it leaves to picocli.
 */
class VerifyPlainArgumentsTest {
    private static final Path FIXTURES = Path.of("../engine/src/test/resources/fixtures").toAbsolutePath().normalize();

    static Stream<List<String>> accepted() {
        return Stream.of(
                List.of("--artifact", "a.jar", "--bundle", "a.jar.sigstore.json", "--trusted-root", "root.json",
                        "--identity", "https://github.com/o/r/.github/workflows/x.yml@refs/tags/v1", "--issuer",
                        "https://token.actions.githubusercontent.com"),
                List.of("--artifact=a.jar", "--bundle=b.json", "--trusted-root=r1.json", "--trusted-root", "r2.json",
                        "--identity-regex=https://github\\.com/o/.*", "--issuer=https://issuer", "--json"),
                List.of("--json", "--trusted-root", "r.json", "--key", "cosign.pub", "--bundle", "b", "--artifact",
                        "dir/with space/a b.jar", "--provenance", "p.intoto.jsonl", "--builder-id", "b1",
                        "--builder-id", "b2", "--source-repo", "github.com/o/r", "--source-repo", "git+https://x",
                        "--source-ref", "refs/tags/v1", "--source-ref", "refs/heads/main"),
                List.of("--artifact", "a", "--bundle", "b", "--trusted-root", "r", "--identity=x=y", "--issuer",
                        "i=j"),
                List.of("--artifact", "a", "--bundle", "b", "--trusted-root", "r", "--issuer", "i"),
                List.of("--artifact", "verify", "--bundle", "json", "--trusted-root", "r"),
                List.of("--artifact", "a", "--bundle", "b", "--trusted-root", "r", "--certificate-identity", "x",
                        "--certificate-oidc-issuer", "https://issuer"),
                List.of("--artifact", "a", "--bundle", "b", "--trusted-root", "r",
                        "--certificate-identity-regexp=https://github\\.com/o/.*", "--issuer", "i"));
    }

    static Stream<List<String>> leftToPicocli() {
        List<String> base = List.of("--artifact", "a", "--bundle", "b", "--trusted-root", "r");
        return Stream.of(
                List.of(),
                List.of("--help"),
                add(base, "-h"),
                add(base, "--version"),
                add(base, "-V"),
                List.of("--artifact", "a", "--bundle", "b"),
                List.of("--artifact", "a", "--trusted-root", "r"),
                List.of("--bundle", "b", "--trusted-root", "r"),
                add(base, "--artifact", "a2"),
                add(base, "--bundle=b2"),
                add(base, "--issuer", "i", "--issuer", "j"),
                add(base, "--identity", "x", "--identity", "y"),
                add(base, "--identity", "x", "--identity-regex", "y"),
                add(base, "--identity", "x", "--certificate-identity", "y"),
                add(base, "--issuer", "i", "--certificate-oidc-issuer", "j"),
                add(base, "--certificate-identity", "x", "--certificate-identity-regexp", "y"),
                add(base, "--certificate-identity-regex", "x"),
                add(base, "--key", "k", "--key", "l"),
                add(base, "--provenance", "p", "--provenance", "q"),
                add(base, "--json", "--json"),
                add(base, "--json=true"),
                add(base, "--json=false"),
                add(base, "--identity"),
                add(base, "--identity", "-x"),
                add(base, "--identity", "--issuer"),
                add(base, "--identity=-x"),
                add(base, "--identity", ""),
                add(base, "--identity="),
                add(base, "@args.txt"),
                add(base, "--identity", "@x"),
                add(base, "--"),
                add(base, "positional"),
                add(base, "--unknown", "x"),
                add(base, "--Identity", "x"),
                add(base, "--ident", "x"),
                add(base, "--artifact\u0000", "x"),
                add(base, "--key", "a\u0000b"));
    }

    private static List<String> add(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void shouldParsePlainArgumentsAsPicocliDoes(List<String> args) throws Exception {
        VerifyCommand plain = VerifyCommand.parsePlain(args.toArray(String[]::new));
        VerifyCommand picocli = new VerifyCommand();
        new CommandLine(picocli).parseArgs(args.toArray(String[]::new));

        assertThat(plain).as("accepted").isNotNull();
        assertThat(options(plain)).isEqualTo(options(picocli));
    }

    @ParameterizedTest
    @MethodSource("leftToPicocli")
    void shouldLeaveAnythingElseToPicocli(List<String> args) {
        assertThat(VerifyCommand.parsePlain(args.toArray(String[]::new))).isNull();
    }

    @Test
    void shouldLeaveEverythingToPicocliWhenAPicocliPropertyIsSet() {
        String[] args = {"--artifact", "a", "--bundle", "b", "--trusted-root", "r"};
        assertThat(VerifyCommand.parsePlain(args)).isNotNull();
        System.setProperty("picocli.trace", "DEBUG");
        try {
            assertThat(VerifyCommand.parsePlain(args)).isNull();
        } finally {
            System.clearProperty("picocli.trace");
        }
    }

    @Test
    void shouldKnowExactlyTheOptionsOfTheCommandModel() {
        Set<String> model = new TreeSet<>();
        for (OptionSpec option : new CommandLine(new VerifyCommand()).getCommandSpec().options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                model.addAll(List.of(option.names()));
            }
        }
        Set<String> plain = new TreeSet<>(VerifyCommand.plainOptionNames());

        assertThat(plain).isEqualTo(model);
    }

    /**
     * The real entry point verifies a bundle from plain arguments without loading picocli, the library's protobuf
     * JSON parser, an ObjectMapper or the classes that register a BouncyCastle provider JVM-wide (the bundle has no
     * RFC 3161 timestamp and the trusted root only P-256 and Ed25519 log keys).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldVerifyWithoutPicocliProtobufJsonObjectMapperOrAGlobalProvider(boolean json, @TempDir Path dir)
            throws Exception {
        String dirName = "maven/sigstore-java/1.0.0/";
        Path classLog = dir.resolve("classes.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load:file=" + classLog + ":none", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "verify",
                "--artifact", FIXTURES.resolve(dirName + "sigstore-java-1.0.0.jar").toString(),
                "--bundle", FIXTURES.resolve(dirName + "sigstore-java-1.0.0.jar.sigstore.json").toString(),
                "--trusted-root", FIXTURES.resolve("trusted-roots/public-good.json").toString(),
                "--identity", "https://github.com/sigstore/sigstore-java/.github/workflows/"
                        + "release-sigstore-java-from-tag.yaml@refs/tags/v1.0.0",
                "--issuer", "https://token.actions.githubusercontent.com"));
        if (json) {
            command.add("--json");
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).startsWith(json ? "{\"verified\":true," : "verified: ");
        List<String> loaded = loaded(classLog);
        assertThat(loaded).as("picocli classes loaded").noneMatch(name -> name.startsWith("picocli."));
        assertThat(loaded).doesNotContain("com.google.protobuf.util.JsonFormat", "dev.sigstore.encryption.Keys",
                "dev.sigstore.timestamp.client.TimestampVerifier", "com.fasterxml.jackson.databind.ObjectMapper");
        assertThat(loaded).contains("io.jenkins.plugins.promotiongates.engine.verification.TrustedRootJson");
    }

    private static List<String> loaded(Path classLog) throws IOException {
        return Files.readAllLines(classLog).stream().map(line -> line.split(" ", -1)[0]).toList();
    }

    /** Every option field of the command, and the options of its identity group. */
    private static Map<String, Object> options(VerifyCommand command) throws IllegalAccessException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : VerifyCommand.class.getDeclaredFields()) {
            if (field.isAnnotationPresent(CommandLine.Option.class)) {
                field.setAccessible(true);
                values.put(field.getName(), field.get(command));
            } else if (field.isAnnotationPresent(CommandLine.ArgGroup.class)) {
                field.setAccessible(true);
                Object group = field.get(command);
                values.put(field.getName(), group == null);
                if (group != null) {
                    for (Field member : group.getClass().getDeclaredFields()) {
                        member.setAccessible(true);
                        values.put(field.getName() + "." + member.getName(), member.get(group));
                    }
                }
            }
        }
        return values;
    }
}
