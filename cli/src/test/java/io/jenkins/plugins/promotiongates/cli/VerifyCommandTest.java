package io.jenkins.plugins.promotiongates.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.ProvenanceEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.SignatureEvidence;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code verify} contract scripts depend on: options, exit codes, stderr reasons and the JSON shape. */
class VerifyCommandTest {
    private static final Path FIXTURES = Path.of("../engine/src/test/resources/fixtures").toAbsolutePath().normalize();
    private static final String BEACON = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-"
            + "beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    private static final String GITHUB = "https://token.actions.githubusercontent.com";
    private static final String GENERATOR = "https://github.com/slsa-framework/slsa-github-generator/.github/"
            + "workflows/generator_generic_slsa3.yml";
    private static final String PUBLIC_GOOD = "trusted-roots/public-good.json";

    private record Run(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    private static Run run(String... args) {
        CommandLine commandLine = PromotionGatesCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>();
        all.add("verify");
        all.addAll(List.of(args));
        int exitCode = commandLine.execute(all.toArray(String[]::new));
        Run run = new Run(exitCode, out.toString(), err.toString());
        VerifyCommand plain = VerifyCommand.parsePlain(args);
        if (plain != null) { // the process's path without picocli must behave exactly the same
            StringWriter plainOut = new StringWriter();
            StringWriter plainErr = new StringWriter();
            int plainExit = Main.execute(plain, new PrintWriter(plainOut, true), new PrintWriter(plainErr, true));
            assertThat(new Run(plainExit, plainOut.toString(), plainErr.toString())).isEqualTo(run);
        }
        return run;
    }

    private static String fixture(String path) {
        return FIXTURES.resolve(path).toString();
    }

    private static Run conformance(String caseName, String... extra) {
        List<String> args = new ArrayList<>(List.of("--artifact", fixture("conformance/a.txt"), "--bundle",
                fixture("conformance/" + caseName + "/bundle.sigstore.json"), "--trusted-root", fixture(PUBLIC_GOOD)));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    @Test
    void shouldExitZeroAndPrintTheJsonObjectWhenVerified() throws Exception {
        Run run = conformance("happy-path-v0.3", "--identity", BEACON, "--issuer", GITHUB, "--json");

        assertThat(run.exitCode()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("verified").asBoolean()).isTrue();
        assertThat(json.get("digest").asText())
                .isEqualTo("sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf");
        assertThat(json.get("identity").asText()).isEqualTo(BEACON);
        assertThat(json.get("issuer").asText()).isEqualTo(GITHUB);
        assertThat(json.get("logIndex").isIntegralNumber()).isTrue();
        assertThat(json.get("integratedTime").asText()).isEqualTo("2024-03-19T17:26:26Z");
        assertThat(json.get("reasons")).isEmpty();
    }

    @Test
    void shouldAcceptAnIdentityRegex() {
        Run run = conformance("happy-path-v0.1", "--identity-regex",
                "https://github\\.com/sigstore-conformance/.*", "--issuer", GITHUB);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("verified: ");
    }

    @Test
    void shouldTakeCosignsOptionNames() {
        Run exact = conformance("happy-path-v0.1", "--certificate-identity", BEACON, "--certificate-oidc-issuer",
                GITHUB);
        Run regex = conformance("happy-path-v0.1", "--certificate-identity-regexp",
                "https://github\\.com/sigstore-conformance/.*", "--certificate-oidc-issuer", GITHUB);
        Run wrongIssuer = conformance("happy-path-v0.1", "--certificate-identity", BEACON,
                "--certificate-oidc-issuer", "https://accounts.google.com");
        // cosign matches its regexp anywhere in the SAN; ours must match all of it, so a prefix alone is refused
        Run prefixOnly = conformance("happy-path-v0.1", "--certificate-identity-regexp",
                "https://github\\.com/sigstore-conformance/", "--certificate-oidc-issuer", GITHUB);

        assertThat(exact.exitCode()).isZero();
        assertThat(regex.exitCode()).isZero();
        assertThat(wrongIssuer.exitCode()).isEqualTo(1);
        assertThat(prefixOnly.exitCode()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "message-digest-mismatch_fail, DIGEST_MISMATCH",
            "signature-mismatch_fail, SIGNATURE_INVALID",
            "inclusion-proof-corrupted-hash_fail, INCLUSION_PROOF_INVALID",
            "invalid-checkpoint-signature_fail, CHECKPOINT_INVALID",
            "set-invalid-signature_fail, SET_INVALID",
            "bundle-unknown-version_fail, UNSUPPORTED_BUNDLE"})
    void shouldExitOneAndNameTheCause(String caseName, String code) throws Exception {
        Run text = conformance(caseName, "--identity", BEACON, "--issuer", GITHUB);
        Run json = conformance(caseName, "--identity", BEACON, "--issuer", GITHUB, "--json");

        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.err()).startsWith("verification failed: " + code + ": ");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.json().get("verified").asBoolean()).isFalse();
        assertThat(json.json().get("reasons").get(0).get("code").asText()).isEqualTo(code);
    }

    @Test
    void shouldExitOneOnIdentityMismatch() {
        Run run = conformance("happy-path-v0.1", "--identity", "https://github.com/acme/app", "--issuer", GITHUB);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("IDENTITY_MISMATCH").contains(BEACON);
    }

    @Test
    void shouldExitOneWhenProvenanceIsRequiredButAbsent() {
        Run run = conformance("happy-path-v0.1", "--identity", BEACON, "--issuer", GITHUB, "--builder-id", GENERATOR);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("PROVENANCE_MISSING");
    }

    @Test
    void shouldCheckSlsaProvenanceCarriedByTheBundle() throws Exception {
        String dir = "slsa/gha_generic-v2.1.0-push-v14/";
        String[] base = {"--artifact", fixture(dir + "binary-linux-amd64-push-v14"), "--bundle",
            fixture(dir + "binary-linux-amd64-push-v14.intoto.jsonl"), "--trusted-root", fixture(PUBLIC_GOOD),
            "--identity", GENERATOR + "@refs/tags/v2.1.0", "--issuer", GITHUB, "--builder-id", GENERATOR,
            "--source-repo", "github.com/slsa-framework/example-package", "--json"};
        List<String> wrongRef = new ArrayList<>(List.of(base));
        wrongRef.addAll(List.of("--source-ref", "refs/tags/v13"));
        List<String> rightRef = new ArrayList<>(List.of(base));
        rightRef.addAll(List.of("--source-ref", "refs/tags/v14"));

        Run passing = run(rightRef.toArray(String[]::new));
        Run failing = run(wrongRef.toArray(String[]::new));

        assertThat(passing.exitCode()).isZero();
        assertThat(passing.json().get("provenance").get("sourceRef").asText()).isEqualTo("refs/tags/v14");
        assertThat(failing.exitCode()).isEqualTo(1);
        assertThat(failing.json().get("reasons").get(0).get("code").asText()).isEqualTo("SOURCE_REF_MISMATCH");
    }

    @Test
    void shouldExitTwoWithoutAnIdentity() {
        Run run = conformance("happy-path-v0.1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("identity is required");
    }

    @Test
    void shouldExitTwoOnUsageAndConfigurationErrors() {
        assertThat(conformance("happy-path-v0.1", "--identity", BEACON).exitCode()).as("no issuer").isEqualTo(2);
        assertThat(conformance("happy-path-v0.1", "--identity", BEACON, "--identity-regex", ".*", "--issuer",
                GITHUB).exitCode()).as("both identity forms").isEqualTo(2);
        assertThat(run("--bundle", "x").exitCode()).as("missing required options").isEqualTo(2);
        assertThat(conformance("happy-path-v0.1", "--identity", BEACON, "--issuer", GITHUB, "--key",
                fixture("conformance/a.txt")).exitCode()).as("not a PEM key").isEqualTo(2);
        Run missingRoot = run("--artifact", fixture("conformance/a.txt"), "--bundle",
                fixture("conformance/happy-path-v0.1/bundle.sigstore.json"), "--trusted-root", "/nonexistent.json",
                "--identity", BEACON, "--issuer", GITHUB);
        assertThat(missingRoot.exitCode()).isEqualTo(2);
        assertThat(missingRoot.err()).contains("/nonexistent.json");
        Run badRoot = run("--artifact", fixture("conformance/a.txt"), "--bundle",
                fixture("conformance/happy-path-v0.1/bundle.sigstore.json"), "--trusted-root",
                fixture("conformance/a.txt"), "--identity", BEACON, "--issuer", GITHUB);
        assertThat(badRoot.exitCode()).isEqualTo(2);
        assertThat(badRoot.err()).contains("Trusted root");
    }

    /** The --json text is written by a generator; it must be exactly what an ObjectNode printed before. */
    @Test
    void shouldPrintTheSameJsonAsAnObjectNode() {
        Digest digest = Digest.parse("sha256:" + "ab".repeat(32));
        SignatureEvidence signature = new SignatureEvidence(true, "id", "iss", 7L, Instant.EPOCH, ReasonCode.OK, "ok");
        ProvenanceEvidence provenance = new ProvenanceEvidence(true, "https://slsa.dev/provenance/v1", null,
                "github.com/o/r", "refs/tags/v1", "c0ffee", ReasonCode.OK, "x");
        List<VerificationResult> results = List.of(
                new VerificationResult(digest, signature, null, List.of(), "https://github.com/o/r@refs/tags/v1",
                        "https://token.actions.githubusercontent.com", 125680200L, Instant.parse("2024-08-28T18:44:36Z")),
                new VerificationResult(digest, signature, provenance, List.of(
                        new VerificationFailure.IdentityMismatch(List.of("a\"b", "caf\u00e9 \ud83d\ude00"), "x\n\ty\u0001</"),
                        new VerificationFailure.TimestampInvalid("e", "a")), null, null, null, null));

        for (VerificationResult result : results) {
            assertThat(VerifyCommand.toJson(result)).isEqualTo(objectNodeJson(result));
        }
    }

    /** How the JSON was made before (ObjectNode.toString). */
    private static String objectNodeJson(VerificationResult result) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("verified", result.verified());
        root.put("digest", result.digest().toString());
        root.put("identity", result.identity());
        root.put("issuer", result.issuer());
        if (result.logIndex() == null) {
            root.putNull("logIndex");
        } else {
            root.put("logIndex", result.logIndex());
        }
        root.put("integratedTime", result.integratedTime() == null ? null : result.integratedTime().toString());
        ArrayNode reasons = root.putArray("reasons");
        for (VerificationFailure failure : result.failures()) {
            ObjectNode reason = reasons.addObject();
            reason.put("code", failure.reasonCode().name());
            reason.put("cause", failure.getClass().getSimpleName());
            reason.put("message", failure.message());
        }
        ProvenanceEvidence provenance = result.provenance();
        if (provenance != null) {
            ObjectNode node = root.putObject("provenance");
            node.put("verified", provenance.verified());
            node.put("predicateType", provenance.predicateType());
            node.put("builderId", provenance.builderId());
            node.put("sourceRepository", provenance.sourceRepository());
            node.put("sourceRef", provenance.sourceRef());
            node.put("sourceCommit", provenance.sourceCommit());
        }
        return root.toString();
    }
}
