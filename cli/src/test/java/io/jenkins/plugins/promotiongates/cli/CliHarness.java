package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.audit.MutableClock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs CLI commands in-process with a simulated clock and a fixed environment, and lays out a workspace: the
 * sigstore-java 1.0.0 release POM with its Sigstore bundle, the public-good trusted root (all from the demo resources,
 * see src/main/resources/demo/ORIGIN.md) and the walk-through policy of docs/cli.md
 * ({@code docs/examples/cli/policy.yaml}), laid out as in docs/examples so its relative trusted-root path resolves.
 */
final class CliHarness {
    static final String ARTIFACT = "sigstore-java-1.0.0.pom";
    static final String DIGEST = "sha256:a94e547ee7f4897819df2c724dabdff3f97fa362351303db34e9815541ea412d";
    /** Tuesday 09:30 in Berlin: inside the test policy's production window. */
    static final Instant TUESDAY_MORNING = Instant.parse("2026-11-24T08:30:00Z");
    /** Saturday 11:00 in Berlin: production's window is closed. */
    static final Instant SATURDAY = Instant.parse("2026-11-28T10:00:00Z");

    /** The test's working directory is cli/. */
    static final Path WALKTHROUGH_POLICY = Path.of("../docs/examples/cli/policy.yaml");

    private final MutableClock clock;
    private final Map<String, String> environment = new HashMap<>(Map.of("USER", "ci-runner"));

    private final boolean terminal;
    private java.nio.charset.Charset charset = StandardCharsets.UTF_8;

    CliHarness(Instant start) {
        this(start, false);
    }

    /** With {@code terminal}, the commands believe a person watches stdout (colour, progress). */
    CliHarness(Instant start, boolean terminal) {
        this.clock = new MutableClock(start);
        this.terminal = terminal;
    }

    /** What one command printed and returned. */
    record Result(int exitCode, String out, String err) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("stdout is not JSON: " + out, e);
            }
        }

        /** The reason codes of the checks that did not pass, in order. */
        List<String> failedCodes() {
            List<String> codes = new ArrayList<>();
            json().get("checks").forEach(check -> {
                if (!"OK".equals(check.get("code").asText())) {
                    codes.add(check.get("code").asText());
                }
            });
            return codes;
        }
    }

    Result run(String... args) {
        CommandLine commandLine = PromotionGatesCli.newCommandLine(
                new CliContext(clock, environment, terminal, charset));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    void advance(Duration duration) {
        clock.advance(duration);
    }

    /** The charset stdout encodes with (US-ASCII under LANG=C). */
    void setCharset(java.nio.charset.Charset charset) {
        this.charset = charset;
    }

    void setEnvironmentVariable(String name, String value) {
        environment.put(name, value);
    }

    /** Copies the signed artifact, its bundle, the trusted root and the test policy into {@code directory}. */
    static Workspace workspace(Path directory) {
        try {
            Path policyDirectory = Files.createDirectories(directory.resolve("cli"));
            Path roots = Files.createDirectories(directory.resolve("trusted-roots"));
            copyResource("/demo/" + ARTIFACT, directory.resolve(ARTIFACT));
            copyResource("/demo/" + ARTIFACT + ".sigstore.json", directory.resolve(ARTIFACT + ".sigstore.json"));
            copyResource("/demo/public-good.json", roots.resolve("public-good.json"));
            Files.copy(WALKTHROUGH_POLICY, policyDirectory.resolve("policy.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Workspace(directory);
    }

    private static void copyResource(String name, Path target) throws IOException {
        try (InputStream in = CliHarness.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " is missing");
            }
            Files.copy(in, target);
        }
    }

    /** The files of one test. */
    record Workspace(Path directory) {
        Path policy() {
            return directory.resolve("cli/policy.yaml");
        }

        Path artifact() {
            return directory.resolve(ARTIFACT);
        }

        Path store() {
            return directory.resolve("store");
        }

        String policyArg() {
            return policy().toString();
        }

        String storeArg() {
            return store().toString();
        }

        String artifactArg() {
            return artifact().toString();
        }

        /** A policy variant beside the original (so its relative trusted-root path still resolves). */
        Path policyVariant(String name, String search, String replacement) {
            try {
                String original = Files.readString(policy(), StandardCharsets.UTF_8);
                if (!original.contains(search)) {
                    throw new IllegalArgumentException("the test policy does not contain '" + search + "'");
                }
                Path variant = policy().resolveSibling(name);
                Files.writeString(variant, original.replace(search, replacement), StandardCharsets.UTF_8);
                return variant;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * A gate command line for {@code environment} by {@code requester} on run {@code run}, as JSON. The run's
         * commits are by {@code dave}, who approves nothing: where approvals are required, unknown authors are
         * denied by default ({@code approvals.unknownCommitAuthors: block}).
         */
        String[] gate(String environment, String requester, String run, String... extra) {
            List<String> args = new ArrayList<>(List.of("gate", "--policy", policyArg(), "--store", storeArg(),
                    "--environment", environment, "--artifact", artifactArg(), "--requester", requester,
                    "--job", "shop/release", "--run", run, "--commit-author", "dave", "--json"));
            args.addAll(List.of(extra));
            return args.toArray(String[]::new);
        }
    }

}
