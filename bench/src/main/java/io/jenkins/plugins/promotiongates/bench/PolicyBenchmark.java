package io.jenkins.plugins.promotiongates.bench;

import io.jenkins.plugins.promotiongates.engine.gate.GateEvaluator;
import io.jenkins.plugins.promotiongates.engine.ledger.PromotionHistory;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.model.SignatureEvidence;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyValidationException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
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
 * Figure "policy evaluation ≥ 200,000 decisions/s per core; 10,000 rules ≤ 2× the cost of 10": one thread evaluates
 * a verified request with {@link GateEvaluator} against a policy of {@link #rules} rules, parsed by
 * {@link PolicyLoader#parse} (the trusted root is named, not read: evaluation only checks the verified identity). The rules are split evenly over the four lists that grow in real policies: accepted
 * signer identities (exact SANs) and the job, repository and artifact allowlists (half exact entries, half globs
 * with a wildcard, each with its own prefix). The request matches only the last entry of every list (a glob for the
 * allowlists), so a linear scan would pay for every rule; the other gates (actions, change window, tests, rollback
 * plan) are there as in a real policy. The 10-rule case is the baseline of the scaling ratio.
 *
 * <p>"Per core": besides the wall-clock throughput, {@link ThreadCpu} reports decisions per second of the benchmark
 * thread's own CPU time ({@code opsPerCpuSecond}), which is what one core delivers when the machine is shared with
 * other builds (the thread waits for a core without using CPU time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class PolicyBenchmark {
    @Param({"10", "1000", "10000"})
    public int rules;

    private final GateEvaluator evaluator = new GateEvaluator(Clock.fixed(GateBenchmark.NOW, ZoneOffset.UTC));
    private final PromotionHistory history = PromotionHistory.empty();
    private Policy policy;
    private PromotionRequest request;

    @Setup(Level.Trial)
    public void parse() throws PolicyValidationException {
        int perList = Math.max(2, rules / 4);
        policy = PolicyLoader.parse(policy(perList), "bench-policy-" + rules + ".yaml");
        int last = perList - 1;
        RunRef run = new RunRef("team-" + last + "/service/main", "42", "alice",
                "https://github.com/org-" + last + "/service", List.of());
        Digest digest = new Digest(Digest.Algorithm.SHA256, "5be26f1777a351a2f770e91dbceae0aaa3f6e26e8ad218c6ac16caa783a5aa0d");
        request = PromotionRequest.builder(run.id() + "/production", "production", Requester.human("alice"), run)
                .artifact(new ArtifactEvidence(new ArtifactRef("artifact-" + last + "-1.0.0.jar", digest),
                        SignatureEvidence.verified(san(last), BenchFixtures.ISSUER, 42L, GateBenchmark.NOW), null))
                .tests(new TestEvidence(128, 0, 2))
                .rollbackPlan("https://wiki.example.org/rollback")
                .build();
        Decision decision = evaluate();
        if (decision.outcome() != Outcome.ALLOW) {
            throw new IllegalStateException("The benchmark request must pass every rule, got " + decision);
        }
    }

    @Benchmark
    public Decision evaluate(ThreadCpu cpu) {
        cpu.calls++;
        return evaluate();
    }

    Decision evaluate() {
        return evaluator.evaluate(policy, request, history);
    }

    private static String san(int i) {
        return "https://github.com/org-" + i + "/service/.github/workflows/release.yml@refs/heads/main";
    }

    /** One environment with {@code perList} entries in each growing list; the last entry of each is the match. */
    static String policy(int perList) {
        StringBuilder identities = new StringBuilder();
        StringBuilder jobs = new StringBuilder();
        StringBuilder repositories = new StringBuilder();
        StringBuilder artifacts = new StringBuilder();
        for (int i = 0; i < perList; i++) {
            identities.append("        - san: '").append(san(i)).append("'\n          issuer: ")
                    .append(BenchFixtures.ISSUER).append('\n');
            boolean glob = i % 2 == 1 || i == perList - 1;
            jobs.append("        - '").append(glob ? "team-" + i + "/**" : "team-" + i + "/service/main").append("'\n");
            repositories.append("        - '").append(glob ? "github.com/org-" + i + "/*" : "github.com/org-" + i
                    + "/service").append("'\n");
            artifacts.append("        - '").append(glob ? "artifact-" + i + "-*.jar" : "artifact-" + i + "-1.0.0.jar")
                    .append("'\n");
        }
        return String.format(Locale.ROOT, """
                apiVersion: promotion-gates/v1
                trustedRoots:
                  - name: public-good
                    path: trusted-roots/public-good.json
                    sha256: 6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66
                environments:
                  - name: production
                    actions: [promote, rollback]
                    agents: never
                    signature:
                      identities:
                %s    allowlist:
                      mode: enforce
                      jobs:
                %s      repositories:
                %s      artifacts:
                %s    windows:
                      weekly:
                        - days: [MON-FRI]
                          start: '08:00'
                          end: '18:00'
                          timeZone: Europe/Berlin
                    tests:
                      required: true
                      maxFailures: 0
                      minTotal: 10
                    rollbackPlan:
                      required: true
                """, identities, jobs, repositories, artifacts);
    }
}
