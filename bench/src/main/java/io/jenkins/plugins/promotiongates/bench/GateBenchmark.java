package io.jenkins.plugins.promotiongates.bench;

import io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader;
import io.jenkins.plugins.promotiongates.engine.service.CorrelationIds;
import io.jenkins.plugins.promotiongates.engine.service.DefaultPromotionService;
import io.jenkins.plugins.promotiongates.engine.service.PolicyProvider;
import io.jenkins.plugins.promotiongates.engine.service.PromotionSubmission;
import io.jenkins.plugins.promotiongates.engine.service.SubmittedArtifact;
import io.jenkins.plugins.promotiongates.engine.verification.ArtifactDigester;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Figure "full gate (policy + verify + ledger append), warm ≥ 1,000 gates/s on one core": one thread calls
 * {@link DefaultPromotionService#requestPromotion} as the plugin does, with the sigstore-java 1.0.0 jar and its real
 * bundle. Each gate verifies the bundle (verifier and verification results cached as in production: the same bundle
 * and digest pass every gate of a release, so after the setup's first gate this is a cache hit keyed by the SHA-256
 * of the bundle; {@code VerifyBenchmark} measures a full verification), evaluates the policy, feeds the anomaly
 * detector and appends the request and decision durably, as one batch, to a {@link FileAuditStore} under
 * {@code bench/target} before it returns. The artifact digest is computed once in setup: in Jenkins the agent computes it where the file
 * is, and only the digest reaches the gate (the digest figure measures that part).
 *
 * <p>Every gate is a new promotion (new run id, so a new correlation id); requesters and jobs rotate over 10,000
 * names, so the burst detector sees a realistic population rather than one identity asking thousands of times.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class GateBenchmark {
    /** A Tuesday, 10:00 in Berlin; the policy has no window, so the time only stamps the records. */
    static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
    private static final int IDENTITIES = 10_000;

    @Param({BenchFixtures.DEFAULT_DIRECTORY})
    public String fixtures;

    @Param({"bench/target"})
    public String dir;

    private Path storeDirectory;
    private FileAuditStore store;
    private DefaultPromotionService service;
    private SubmittedArtifact artifact;
    private long gates;

    @Setup(Level.Trial)
    public void open() throws Exception {
        BenchFixtures files = BenchFixtures.in(fixtures);
        Policy policy = PolicyLoader.parse(policy(files), "bench-gate-policy.yaml");
        Path base = Paths.get(dir).toAbsolutePath();
        Files.createDirectories(base);
        storeDirectory = Files.createTempDirectory(base, "gate-bench-");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        store = new FileAuditStore(storeDirectory, clock);
        service = new DefaultPromotionService(PolicyProvider.fixed(policy), store, clock);
        Digest digest = ArtifactDigester.digest(files.artifact(), Digest.Algorithm.SHA256);
        artifact = new SubmittedArtifact(new ArtifactRef(BenchFixtures.ARTIFACT_NAME, digest), files.bundleJson(), null);
        for (Decision first : List.of(gate(), gateNewBundle())) {
            if (first.outcome() != Outcome.ALLOW) {
                throw new IllegalStateException("The benchmark gate must allow (a denial skips work), got " + first);
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        AuditChainBenchmark.deleteRecursively(storeDirectory);
    }

    @Benchmark
    public Decision gate() {
        return gate(gates++, artifact);
    }

    /**
     * The same gate for a bundle the service has not seen: the bundle's JSON ends in 24 whitespace characters that
     * spell the gate's number, so its SHA-256 (part of the result cache key) is new every time while the bundle
     * means the same. Every gate is then a full verification: the cost of an artifact's first gate.
     */
    @Benchmark
    public Decision gateNewBundle() {
        long n = gates++;
        String bundle = artifact.bundleJson();
        StringBuilder changed = new StringBuilder(bundle.length() + 24).append(bundle);
        for (int bit = 0; bit < 24; bit++) {
            changed.append(((n >>> bit) & 1) == 0 ? ' ' : '\n');
        }
        return gate(n, new SubmittedArtifact(artifact.artifact(), changed.toString(), null));
    }

    private Decision gate(long n, SubmittedArtifact submitted) {
        int who = (int) (n % IDENTITIES);
        RunRef run = new RunRef("sigstore-java/service-" + who, Long.toString(n), "user-" + who,
                "https://github.com/sigstore/sigstore-java", List.of());
        return service.requestPromotion(new PromotionSubmission(CorrelationIds.of(run, "staging"), "staging",
                PromotionRequest.Action.PROMOTE, Requester.human("user-" + who), run, List.of(submitted),
                new TestEvidence(128, 0, 2), "https://wiki.example.org/rollback", null, false, List.of()));
    }

    /** A staging environment as the example policy has it: signature, allowlist and tests. */
    static String policy(BenchFixtures files) {
        return """
                apiVersion: promotion-gates/v1
                trustedRoots:
                  - name: public-good
                    path: '%s'
                    sha256: '%s'
                environments:
                  - name: staging
                    actions: [promote, rollback]
                    agents: allowed
                    signature:
                      trustedRoots: [public-good]
                      identities:
                        - san: '%s'
                          issuer: '%s'
                    allowlist:
                      jobs: ['sigstore-java/**', 'cli']
                      repositories: ['github.com/sigstore/*']
                      artifacts: ['sigstore-java-*.jar', 'sigstore-java-*.pom']
                    tests:
                      required: true
                      maxFailures: 0
                      minTotal: 1
                """.formatted(files.trustedRoot(), sha256(files.trustedRoot()), files.identity(), files.issuer());
    }

    /** The trusted root's pin. */
    private static String sha256(Path file) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot pin the trusted root " + file, e);
        }
    }
}
