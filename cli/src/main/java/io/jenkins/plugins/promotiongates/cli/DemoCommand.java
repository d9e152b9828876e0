package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.ChainReport;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore;
import io.jenkins.plugins.promotiongates.engine.entitlement.BrokerKeyPair;
import io.jenkins.plugins.promotiongates.engine.entitlement.EntitlementClaims;
import io.jenkins.plugins.promotiongates.engine.entitlement.EntitlementMinter;
import io.jenkins.plugins.promotiongates.engine.gate.DecisionRenderer;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalResult;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalVote;
import io.jenkins.plugins.promotiongates.engine.service.CredentialDecision;
import io.jenkins.plugins.promotiongates.engine.service.CredentialRequest;
import io.jenkins.plugins.promotiongates.engine.service.DefaultPromotionService;
import io.jenkins.plugins.promotiongates.engine.service.DeploymentReport;
import io.jenkins.plugins.promotiongates.engine.service.PolicyProvider;
import io.jenkins.plugins.promotiongates.engine.service.PromotionSubmission;
import io.jenkins.plugins.promotiongates.engine.service.SubmittedArtifact;
import io.jenkins.plugins.promotiongates.engine.verification.ArtifactDigester;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code promotion-gates demo}: walks the real sigstore-java 1.0.0 release POM (shipped in this jar with its Sigstore
 * bundle) through staging → canary → production on a temporary embedded store, with the real engine: verification,
 * policy, ledger, approvals, credentials and the audit chain. Time is simulated so that the canary soak and the
 * production change window behave the same on every run.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Walk a real signed artifact through staging → canary → production on a temporary store: "
                + "each gate's checks, denials, the approval, and the audit chain verifying.")
final class DemoCommand implements Callable<Integer> {
    private static final String ARTIFACT = "sigstore-java-1.0.0.pom";
    private static final String REPOSITORY = "https://github.com/sigstore/sigstore-java";
    /** A Tuesday, 09:30 in Berlin: inside the demo's production change window. */
    private static final Instant START = Instant.parse("2026-11-24T08:30:00Z");

    private final CliContext context;
    @Spec
    private CommandSpec spec;
    @Option(names = "--keep", description = "Keep the temporary directory (store, policy, artifact) and print its path.")
    private boolean keep;

    DemoCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws CliException {
        Output output = context.output(spec);
        Path directory;
        try {
            directory = Files.createTempDirectory("promotion-gates-demo-");
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot create a temporary directory: " + Problems.cause(e), e);
        }
        try {
            return new Walkthrough(output, directory).run();
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "demo failed: " + e.getMessage(), e);
        } finally {
            if (keep) {
                output.out().println("kept " + directory);
            } else {
                deleteRecursively(directory);
            }
            output.out().flush();
        }
    }

    /** One run of the story; every step calls the engine service, nothing is canned. */
    private static final class Walkthrough {
        private final Output output;
        private final Path directory;
        private final SimulatedClock clock = new SimulatedClock(START);
        private final DecisionRenderer renderer = new DecisionRenderer();
        private int step;
        private boolean asExpected = true;

        Walkthrough(Output output, Path directory) {
            this.output = output;
            this.directory = directory;
        }

        int run() throws IOException, CliException {
            Path artifact = extract(ARTIFACT);
            String bundle = resource(ARTIFACT + ".sigstore.json");
            extract("public-good.json");
            BrokerKeyPair broker = BrokerKeyPair.generate("demo-broker", "EdDSA");
            Path policyFile = directory.resolve("policy.yaml");
            Files.writeString(policyFile, resource("policy.yaml").replace("@BROKER_JWK@", broker.publicJwk()),
                    StandardCharsets.UTF_8);
            Policy policy = Policies.load(policyFile);
            Digest digest = ArtifactDigester.digest(artifact, Digest.Algorithm.SHA256);
            SubmittedArtifact genuine = new SubmittedArtifact(new ArtifactRef(ARTIFACT, digest), bundle, null);

            output.out().println(output.bold("promotion-gates demo") + " — " + ARTIFACT + " (" + digest + ")");
            output.out().println("store: " + directory.resolve("store") + "   simulated clock starts "
                    + START.atZone(ZoneId.of("Europe/Berlin")) + "\n");

            try (FileAuditStore store = new FileAuditStore(directory.resolve("store"), clock)) {
                store.recordPolicy(policy.hash(), Files.readString(policyFile, StandardCharsets.UTF_8), "demo-admin");
                DefaultPromotionService service = new DefaultPromotionService(PolicyProvider.fixed(policy), store, clock);
                RunRef run = new RunRef("shop/release", "42", "alice", REPOSITORY, List.of("dave"));
                Requester alice = Requester.human("alice");

                expect(gate(service, "staging", alice, run, genuine, null), Outcome.ALLOW,
                        "alice promotes the signed release to staging");
                deploy(service, "staging", run);

                Path tampered = directory.resolve("tampered-" + ARTIFACT);
                byte[] bytes = Files.readAllBytes(artifact);
                bytes[bytes.length / 2] ^= 1;
                Files.write(tampered, bytes);
                SubmittedArtifact swapped = new SubmittedArtifact(new ArtifactRef(ARTIFACT,
                        ArtifactDigester.digest(tampered, Digest.Algorithm.SHA256)), bundle, null);
                expect(gate(service, "canary", alice, new RunRef("shop/release", "43", "alice", REPOSITORY, List.of()),
                        swapped, null), Outcome.DENY, "a build with one flipped byte tries canary with the genuine bundle");

                expect(gate(service, "canary", alice, run, genuine, null), Outcome.ALLOW,
                        "the genuine release goes to canary (it passed staging)");
                deploy(service, "canary", run);

                expect(gate(service, "production", alice, run, genuine, null), Outcome.DENY,
                        "straight to production: canary has not soaked for 60 minutes yet");

                String token = new EntitlementMinter(broker, "demo-broker", clock).mint(new EntitlementClaims(
                        "release-bot-7", "promote docs release", List.of("github.com/sigstore/sigstore-java"),
                        List.of("promote"), List.of("staging"), Duration.ofMinutes(30)));
                RunRef botRun = new RunRef("shop/release", "44", null, REPOSITORY, List.of());
                // canary admits agents, so what stops this one is its entitlement (staging only), not the agent rule
                Decision agent = gate(service, "canary", Requester.agent("release-bot-7"), botRun, genuine, token);
                expect(agent, Outcome.DENY, "an agent entitled to staging only tries canary: its entitlement is checked");

                clock.advance(Duration.ofMinutes(75));
                section("75 minutes later: canary has soaked");
                Decision pending = gate(service, "production", alice, run, genuine, null);
                expect(pending, Outcome.PENDING, "alice asks for production: it needs 2 approvals from distinct groups");

                vote(service, pending, "alice", Set.of("release-managers"), false);
                vote(service, pending, "bob", Set.of("release-managers"), true);
                clock.advance(Duration.ofMinutes(5));
                Decision approved = vote(service, pending, "carol", Set.of("security"), true).decision();
                expect(approved, Outcome.ALLOW, "after bob (release-managers) and carol (security) approved");

                credential(service, "production", "staging-deploy", run, digest, false);
                credential(service, "production", "prod-deploy", run, digest, true);
                deploy(service, "production", run);

                section("the audit trail");
                List<AuditEvent> story = store.byCorrelationId(pending.correlationId());
                output.out().println("the production promotion " + pending.correlationId() + " joins " + story.size()
                        + " events:");
                for (AuditEvent event : story) {
                    output.out().println("  #" + event.sequence() + " " + describe(event));
                }
                ChainReport report = ChainVerifier.verify(store);
                output.out().println(report.isIntact() ? output.green(report.summary()) : output.red(report.summary()));
                asExpected &= report.isIntact();
            }
            output.out().println();
            output.out().println(asExpected ? output.green("demo complete: every gate decided as expected")
                    : output.red("demo finished with unexpected decisions (see above)"));
            return asExpected ? ExitCodes.OK : ExitCodes.DENIED;
        }

        private Decision gate(DefaultPromotionService service, String environment, Requester requester, RunRef run,
                SubmittedArtifact artifact, String entitlement) {
            return service.requestPromotion(new PromotionSubmission(
                    io.jenkins.plugins.promotiongates.engine.service.CorrelationIds.of(run, environment), environment,
                    PromotionRequest.Action.PROMOTE, requester, run, List.of(artifact), new TestEvidence(128, 0, 2),
                    "https://wiki.example.org/shop/rollback", entitlement, false, List.of()));
        }

        private ApprovalResult vote(DefaultPromotionService service, Decision pending, String voter, Set<String> groups,
                boolean shouldCount) {
            var request = service.recordedRequest(pending.correlationId()).orElseThrow();
            ApprovalResult result = service.decide(new ApprovalVote(pending.correlationId(), voter, groups, true, false,
                    ApprovalVote.Verdict.APPROVE, null, request.run().id(), request.environment(),
                    request.artifacts().stream().map(a -> a.artifact().digest()).toList(), pending.policyHash()));
            heading(voter + " " + groups + " approves");
            output.out().println("  " + (result.counted() ? output.green("counted") : output.red("refused"))
                    + " [" + result.reason().code() + "] " + result.reason().message());
            output.out().println("  promotion is now " + result.decision().outcome());
            check(result.counted() == shouldCount, "vote by " + voter + (shouldCount ? " should count" : " should be refused"));
            return result;
        }

        private void credential(DefaultPromotionService service, String environment, String credentialId, RunRef run,
                Digest digest, boolean shouldGrant) {
            CredentialDecision decision = service.authorizeCredential(new CredentialRequest(environment, credentialId,
                    run, List.of(new ArtifactRef(ARTIFACT, digest))));
            heading("withPromotionCredentials(" + environment + ", " + credentialId + ")");
            decision.checks().forEach(c -> output.out().println("  " + c.status() + " " + c.code() + ": " + c.message()));
            output.out().println("  " + (decision.granted() ? output.green("bound") : output.red("refused")));
            check(decision.granted() == shouldGrant, "credential " + credentialId);
        }

        private void deploy(DefaultPromotionService service, String environment, RunRef run) {
            service.recordDeployment(new DeploymentReport(environment, run, DeploymentReport.DeploymentOutcome.SUCCESS,
                    "demo deployment"));
            output.out().println("  recorded a successful deployment to " + environment + "\n");
        }

        private void expect(Decision decision, Outcome expected, String story) {
            heading(story);
            output.out().print(indent(storyText(decision)));
            String verdict = switch (decision.outcome()) {
                case ALLOW -> output.green("ALLOWED");
                case PENDING -> output.yellow("NEEDS APPROVAL");
                case DENY -> output.red("DENIED");
            };
            output.out().println("  → " + output.bold(verdict) + "\n");
            check(decision.outcome() == expected, story + ": expected " + expected);
        }

        /**
         * The decision as the story needs it: the escalation question only while it is open (not after ALLOW or
         * DENY), and the people's verdict once, on the approvals line (the settled decision repeats it as a
         * separate "approval" check).
         */
        private String storyText(Decision decision) {
            boolean approvalsShown = decision.checks().stream().anyMatch(c -> "approvals".equals(c.gate()));
            return renderer.toText(decision).lines()
                    .filter(line -> decision.outcome() == Outcome.PENDING || !line.startsWith("  Escalation: "))
                    .filter(line -> !approvalsShown || !line.matches("  \\S+ approval +\\S+.*"))
                    .map(line -> line.contains("decided at " + decision.decidedAt() + ")")
                            ? line.replace("decided at " + decision.decidedAt(), "decided at " + Times.text(decision.decidedAt()))
                            : line)
                    .reduce("", (a, b) -> a + b + "\n");
        }

        /** One audit event of the story; a vote says whether it counted, not the outcome field's ALLOW/DENY. */
        private static String describe(AuditEvent event) {
            String line = event.type() + " by " + event.actor();
            boolean vote = event.type() == AuditEventType.APPROVAL_GRANTED
                    || event.type() == AuditEventType.APPROVAL_REJECTED;
            if (vote && event.outcome() != null) {
                boolean counted = event.outcome() != Outcome.DENY;
                String code = event.reasons().isEmpty() ? "" : " [" + event.reasons().get(0).code() + "]";
                return (event.type() == AuditEventType.APPROVAL_GRANTED ? "approval" : "rejection") + " by "
                        + event.actor() + (counted ? ": counted" : ": refused" + code);
            }
            return line + (event.outcome() == null ? "" : " → " + event.outcome());
        }

        private void check(boolean ok, String what) {
            if (!ok) {
                asExpected = false;
                output.err().println("UNEXPECTED: " + what);
                output.err().flush();
            }
        }

        private void heading(String text) {
            step++;
            output.out().println(output.bold(step + ". " + text));
        }

        private void section(String text) {
            output.out().println(output.bold("— " + text + " —"));
        }

        private Path extract(String name) throws IOException {
            Path target = directory.resolve(name);
            try (InputStream in = resourceStream(name)) {
                Files.copy(in, target);
            }
            return target;
        }

        private String resource(String name) throws IOException {
            try (InputStream in = resourceStream(name)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        private InputStream resourceStream(String name) throws IOException {
            InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + name);
            if (in == null) {
                throw new IOException("demo resource /demo/" + name + " is missing from the jar");
            }
            return in;
        }

        private static String indent(String text) {
            return text.lines().map(line -> "  " + line).reduce("", (a, b) -> a + b + System.lineSeparator());
        }
    }

    /** The demo's clock: starts at a fixed instant and moves only when the story says so. */
    private static final class SimulatedClock extends Clock {
        private Instant now;

        SimulatedClock(Instant start) {
            this.now = Objects.requireNonNull(start);
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temporary directory
        }
    }
}
