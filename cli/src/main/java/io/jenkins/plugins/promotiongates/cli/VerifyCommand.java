package io.jenkins.plugins.promotiongates.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceCollector;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceKind;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceRefusal;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceRefusedException;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.ProvenanceEvidence;
import io.jenkins.plugins.promotiongates.engine.verification.ArtifactDigester;
import io.jenkins.plugins.promotiongates.engine.verification.ArtifactVerifier;
import io.jenkins.plugins.promotiongates.engine.verification.EcdsaBackend;
import io.jenkins.plugins.promotiongates.engine.verification.IdentityPolicy;
import io.jenkins.plugins.promotiongates.engine.verification.ManagedKey;
import io.jenkins.plugins.promotiongates.engine.verification.ProvenanceExpectations;
import io.jenkins.plugins.promotiongates.engine.verification.TrustedRoot;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code promotion-gates verify}: verifies an artifact against a Sigstore bundle (and SLSA provenance) offline,
 * against the given trusted root(s). Exit 0 verified, 1 verification failed, 2 usage or configuration error.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify an artifact's Sigstore bundle and SLSA provenance offline against trusted roots.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:verified", "1:verification failed (reason on stderr, or in the JSON)",
                "2:usage or configuration error"})
public final class VerifyCommand implements Callable<Integer> {
    /** Exit code: the artifact did not verify. */
    public static final int EXIT_FAILED = 1;

    @Spec
    private CommandSpec spec;

    @Option(names = "--artifact", required = true, paramLabel = "FILE", description = "The artifact to verify.")
    private Path artifact;

    @Option(names = "--bundle", required = true, paramLabel = "FILE",
            description = "Sigstore bundle (.sigstore.json, or a one-line bundle such as .intoto.jsonl/.build.slsa).")
    private Path bundle;

    @Option(names = "--trusted-root", required = true, paramLabel = "FILE",
            description = "trusted_root.json to verify against; repeat for several (never fetched from the network).")
    private List<Path> trustedRoots = new ArrayList<>();

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private Identity identity;

    /** Exactly one way to state the certificate identity. */
    static final class Identity {
        @Option(names = {"--identity", "--certificate-identity"}, paramLabel = "SAN",
                description = "Expected certificate identity, exact (--certificate-identity as in cosign).")
        @CheckForNull
        private String exact;

        @Option(names = {"--identity-regex", "--certificate-identity-regexp"}, paramLabel = "RE",
                description = "Expected certificate identity, a regular expression matching the whole SAN "
                        + "(cosign's --certificate-identity-regexp matches anywhere unless anchored; here it must "
                        + "match all of it).")
        @CheckForNull
        private String regex;
    }

    @Option(names = {"--issuer", "--certificate-oidc-issuer"}, paramLabel = "URL",
            description = "Expected OIDC issuer of the certificate (--certificate-oidc-issuer as in cosign).")
    @CheckForNull
    private String issuer;

    @Option(names = "--key", paramLabel = "FILE",
            description = "Managed public key (PEM, cosign.pub): the bundle must be signed by it; replaces "
                    + "--identity/--issuer.")
    @CheckForNull
    private Path key;

    @Option(names = "--provenance", paramLabel = "FILE", description = "Separate SLSA provenance bundle (DSSE).")
    @CheckForNull
    private Path provenance;

    @Option(names = "--builder-id", paramLabel = "ID", description = "Trusted builder id; repeatable.")
    private List<String> builderIds = new ArrayList<>();

    @Option(names = "--source-repo", paramLabel = "URI",
            description = "Expected source repository (github.com/OWNER/REPO or a URI); repeatable.")
    private List<String> sourceRepos = new ArrayList<>();

    @Option(names = "--source-ref", paramLabel = "REF", description = "Expected git ref (refs/tags/… or "
            + "refs/heads/…); repeatable.")
    private List<String> sourceRefs = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object: verified, digest, identity, issuer, logIndex, "
            + "integratedTime, reasons.")
    private boolean json;

    private static final JsonFactory JSON = new JsonFactory();

    /** Option names that take one value; {@code --json} is the only flag. */
    private static final Set<String> VALUED_OPTIONS = Set.of("--artifact", "--bundle", "--trusted-root",
            "--identity", "--identity-regex", "--issuer", "--key", "--provenance", "--builder-id", "--source-repo",
            "--source-ref");
    private static final Set<String> REPEATABLE_OPTIONS = Set.of("--trusted-root", "--builder-id", "--source-repo",
            "--source-ref");
    /** cosign's names for the same options; an alias and its option together are one option given twice. */
    private static final Map<String, String> COSIGN_ALIASES = Map.of("--certificate-identity", "--identity",
            "--certificate-identity-regexp", "--identity-regex", "--certificate-oidc-issuer", "--issuer");

    /**
     * The command for plain arguments ({@code --option value}, {@code --option=value}, {@code --json}; every
     * required option present, no option repeated that picocli would refuse), parsed without picocli; null for
     * anything else (help, {@code @file}s, a value that starts with '-' or '@' or is empty, an unknown option, any
     * usage error), which picocli then parses and reports as before. picocli is compiled for Java 5, so the JVM
     * cannot keep its classes in the class-data sharing archive, and building its model is a fifth of a cold
     * {@code verify}; scripts call {@code verify} in loops with plain arguments.
     */
    @CheckForNull
    static VerifyCommand parsePlain(String[] args) {
        for (String property : System.getProperties().stringPropertyNames()) {
            if (property.startsWith("picocli.")) {
                return null; // tracing, quote trimming and the like: picocli's business
            }
        }
        VerifyCommand command = new VerifyCommand();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int separator = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String given = separator < 0 ? arg : arg.substring(0, separator);
            String name = COSIGN_ALIASES.getOrDefault(given, given);
            if ("--json".equals(name) && separator < 0 && seen.add(name)) {
                command.json = true;
                continue;
            }
            if (!VALUED_OPTIONS.contains(name) || (!seen.add(name) && !REPEATABLE_OPTIONS.contains(name))) {
                return null;
            }
            String value;
            if (separator >= 0) {
                value = arg.substring(separator + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return null;
            }
            if (value.isEmpty() || value.startsWith("-") || value.startsWith("@") || !command.set(name, value)) {
                return null;
            }
        }
        boolean required = command.artifact != null && command.bundle != null && !command.trustedRoots.isEmpty();
        boolean bothIdentities = seen.contains("--identity") && seen.contains("--identity-regex");
        return required && !bothIdentities ? command : null;
    }

    private boolean set(String option, String value) {
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            return false;
        }
        switch (option) {
            case "--artifact" -> artifact = path;
            case "--bundle" -> bundle = path;
            case "--trusted-root" -> trustedRoots.add(path);
            case "--identity" -> identity().exact = value;
            case "--identity-regex" -> identity().regex = value;
            case "--issuer" -> issuer = value;
            case "--key" -> key = path;
            case "--provenance" -> provenance = path;
            case "--builder-id" -> builderIds.add(value);
            case "--source-repo" -> sourceRepos.add(value);
            case "--source-ref" -> sourceRefs.add(value);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The option names {@link #parsePlain} knows (all but help and version). */
    static Set<String> plainOptionNames() {
        Set<String> names = new HashSet<>(VALUED_OPTIONS);
        names.addAll(COSIGN_ALIASES.keySet());
        names.add("--json");
        return names;
    }

    private Identity identity() {
        if (identity == null) {
            identity = new Identity();
        }
        return identity;
    }

    @Override
    public Integer call() {
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Verifies and prints the outcome; the exit code. */
    int run(PrintWriter out, PrintWriter err) {
        VerificationResult result;
        try {
            IdentityPolicy policy = identityPolicy();
            ProvenanceExpectations expectations = new ProvenanceExpectations(builderIds, sourceRepos, sourceRefs);
            ArtifactVerifier.Builder builder = ArtifactVerifier.builder();
            for (Path root : trustedRoots) {
                // One verification per process: loading the native ECDSA library would cost more than it saves.
                builder.trustedRoot(TrustedRoot.load(root, EcdsaBackend.JDK));
            }
            ArtifactVerifier verifier = builder.build();
            String bundleJson = read(EvidenceKind.BUNDLE, bundle, "--bundle");
            String provenanceJson = provenance == null ? null
                    : read(EvidenceKind.PROVENANCE, provenance, "--provenance");
            Digest digest = digest(EvidenceCollector.digestAlgorithm(bundleJson));
            String name = artifact.getFileName() == null ? artifact.toString() : artifact.getFileName().toString();
            result = verifier.verify(new ArtifactRef(name, digest), bundleJson, policy, provenanceJson,
                    expectations);
        } catch (EvidenceRefusedException e) {
            return refused(e.refusal(), out, err);
        } catch (IllegalArgumentException | IOException e) {
            err.println("promotion-gates verify: " + message(e));
            err.flush();
            return PromotionGatesCli.EXIT_USAGE;
        }
        if (json) {
            out.println(toJson(result));
        } else if (result.verified()) {
            out.println("verified: " + artifact + " " + result.digest() + " signed by " + result.identity()
                    + (result.issuer() == null ? "" : " (" + result.issuer() + ")")
                    + (result.logIndex() == null ? "" : ", log index " + result.logIndex())
                    + (result.integratedTime() == null ? "" : " at " + result.integratedTime()));
        } else {
            for (VerificationFailure failure : result.failures()) {
                err.println("verification failed: " + failure.reasonCode() + ": " + failure.message());
            }
        }
        out.flush();
        err.flush();
        return result.verified() ? 0 : EXIT_FAILED;
    }

    private IdentityPolicy identityPolicy() throws IOException {
        if (key != null) {
            if (!Files.isRegularFile(key)) {
                throw new NoSuchFileException(key.toString(), null, "--key: no such file");
            }
            return IdentityPolicy.key(ManagedKey.load(key));
        }
        if (identity == null) {
            throw new IllegalArgumentException("an identity is required: --identity SAN or --identity-regex RE "
                    + "with --issuer URL (or --key FILE); verification without an identity would accept any signer");
        }
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("--issuer URL is required with --identity/--identity-regex");
        }
        return identity.exact != null ? IdentityPolicy.exact(identity.exact, issuer)
                : IdentityPolicy.regex(String.valueOf(identity.regex), issuer);
    }

    private Digest digest(Digest.Algorithm algorithm) throws IOException {
        if (!Files.isRegularFile(artifact)) {
            throw new NoSuchFileException(artifact.toString(), null, "--artifact: no such file");
        }
        return ArtifactDigester.digest(artifact, algorithm);
    }

    /** An evidence file, under the same size limit as in a gate (the engine's collector reads it). */
    private static String read(EvidenceKind kind, Path file, String option)
            throws IOException, EvidenceRefusedException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, option + ": no such file");
        }
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        return EvidenceCollector.read(kind, new EvidenceCollector.NamedFile(name, () -> Files.newInputStream(file)));
    }

    /** An evidence file refused unread: not verified (exit 1), with the reason code as for a failed check. */
    private int refused(EvidenceRefusal refusal, PrintWriter out, PrintWriter err) {
        if (json) {
            StringWriter text = new StringWriter();
            try (JsonGenerator generator = JSON.createGenerator(text)) {
                generator.writeStartObject();
                generator.writeBooleanField("verified", false);
                generator.writeArrayFieldStart("reasons");
                generator.writeStartObject();
                generator.writeStringField("code", refusal.code().name());
                generator.writeStringField("message", refusal.message());
                generator.writeEndObject();
                generator.writeEndArray();
                generator.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a StringWriter does not fail
            }
            out.println(text);
        } else {
            err.println("verification failed: " + refusal.code() + ": " + refusal.message());
        }
        out.flush();
        err.flush();
        return EXIT_FAILED;
    }

    private static String message(Exception e) {
        if (e instanceof NoSuchFileException missing) {
            return (missing.getReason() == null ? "no such file" : missing.getReason()) + ": " + missing.getFile();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * One compact JSON object, written with a generator: an ObjectMapper's defaults load locale data that would
     * cost a cold {@code verify --json} a tenth of its time. Same text as an ObjectNode printed itself.
     */
    static String toJson(VerificationResult result) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeBooleanField("verified", result.verified());
            json.writeStringField("digest", result.digest().toString());
            json.writeStringField("identity", result.identity());
            json.writeStringField("issuer", result.issuer());
            if (result.logIndex() == null) {
                json.writeNullField("logIndex");
            } else {
                json.writeNumberField("logIndex", result.logIndex().longValue());
            }
            json.writeStringField("integratedTime", result.integratedTime() == null ? null
                    : result.integratedTime().toString());
            json.writeArrayFieldStart("reasons");
            for (VerificationFailure failure : result.failures()) {
                json.writeStartObject();
                json.writeStringField("code", failure.reasonCode().name());
                json.writeStringField("cause", failure.getClass().getSimpleName());
                json.writeStringField("message", failure.message());
                json.writeEndObject();
            }
            json.writeEndArray();
            ProvenanceEvidence provenance = result.provenance();
            if (provenance != null) {
                json.writeObjectFieldStart("provenance");
                json.writeBooleanField("verified", provenance.verified());
                json.writeStringField("predicateType", provenance.predicateType());
                json.writeStringField("builderId", provenance.builderId());
                json.writeStringField("sourceRepository", provenance.sourceRepository());
                json.writeStringField("sourceRef", provenance.sourceRef());
                json.writeStringField("sourceCommit", provenance.sourceCommit());
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }
}
