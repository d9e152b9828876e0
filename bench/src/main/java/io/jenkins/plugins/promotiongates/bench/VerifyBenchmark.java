package io.jenkins.plugins.promotiongates.bench;

import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.verification.ArtifactDigester;
import io.jenkins.plugins.promotiongates.engine.verification.ArtifactVerifier;
import io.jenkins.plugins.promotiongates.engine.verification.IdentityPolicy;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationResult;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Figure "warm bundle verification ≥ 8× faster than @sigstore/verify in node" (bench/node/verify-loop.mjs is the
 * baseline, run by run.sh in the same run on the same files). The verifier (parsed trusted root) is built once; one
 * operation does what one node iteration does: parse the bundle JSON, hash the 1.1 MB artifact, verify certificate
 * chain, SCT, log entry (inclusion proof, SET) and signature against the identity.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
public class VerifyBenchmark {
    @Param({BenchFixtures.DEFAULT_DIRECTORY})
    public String fixtures;

    private BenchFixtures files;
    private ArtifactVerifier verifier;
    private IdentityPolicy identity;
    private String bundleJson;

    @Setup(Level.Trial)
    public void buildVerifier() throws IOException {
        files = BenchFixtures.in(fixtures);
        verifier = ArtifactVerifier.builder().trustedRoot(files.trustedRoot()).build();
        identity = IdentityPolicy.exact(files.identity(), files.issuer());
        bundleJson = files.bundleJson();
        VerificationResult result = verify();
        if (!result.verified()) {
            throw new IllegalStateException("The fixture does not verify, so there is nothing to time: "
                    + result.failures());
        }
    }

    @Benchmark
    public VerificationResult verify() throws IOException {
        Digest digest = ArtifactDigester.digest(files.artifact(), Digest.Algorithm.SHA256);
        return verifier.verify(new ArtifactRef(BenchFixtures.ARTIFACT_NAME, digest), bundleJson, identity, null, null);
    }
}
