package io.jenkins.plugins.promotiongates.testing;

import io.jenkins.plugins.promotiongates.engine.approval.ApproverDirectory;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyValidationException;
import io.jenkins.plugins.promotiongates.engine.service.DefaultPromotionService;
import io.jenkins.plugins.promotiongates.engine.service.PolicyProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The real engine ({@link DefaultPromotionService} over an {@link InMemoryAuditStore}) with the test policy
 * ({@code policy.yaml} beside this class: staging → production, two approvals from distinct groups, a weekday
 * change window in Berlin; {@code qa} and {@code qa-approved} require green test results, the latter one approval),
 * the public-good trusted root, and the signed sigstore-java 1.0.0 POM with its bundle.
 * Time is a {@link MutableClock} starting on a Tuesday at 09:30 in Berlin, inside the production window.
 */
public final class RealEngine {
    public static final String ARTIFACT = "sigstore-java-1.0.0.pom";
    /** Tuesday 2026-11-24, 09:30 in Berlin. */
    public static final Instant TUESDAY_MORNING = Instant.parse("2026-11-24T08:30:00Z");

    public final MutableClock clock = new MutableClock(TUESDAY_MORNING);
    public final InMemoryAuditStore store = new InMemoryAuditStore(clock);
    public final DefaultPromotionService service;
    public final Policy policy;

    /** @param directory where the trusted root is written (the policy resolves it relative to this directory) */
    public RealEngine(Path directory) {
        this(directory, ApproverDirectory.asVoted());
    }

    /** @param approvers who judges the counted votes again when the quorum is reached */
    public RealEngine(Path directory, ApproverDirectory approvers) {
        try {
            Files.writeString(directory.resolve("public-good.json"), resource("public-good.json"), StandardCharsets.UTF_8);
            String yaml = resource("policy.yaml");
            policy = PolicyLoader.parse(yaml, "policy.yaml", directory);
            store.recordPolicy(policy.hash(), yaml, "test-admin");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PolicyValidationException e) {
            throw new IllegalStateException("test policy is invalid: " + e.errors(), e);
        }
        service = new DefaultPromotionService(PolicyProvider.fixed(policy), store, clock, approvers);
    }

    /** Puts the signed POM and its Sigstore bundle ({@code <artifact>.sigstore.json}) into the directory. */
    public static void signedArtifact(Path directory) throws IOException {
        Files.createDirectories(directory);
        copy(ARTIFACT, directory.resolve(ARTIFACT));
        copy(ARTIFACT + ".sigstore.json", directory.resolve(ARTIFACT + ".sigstore.json"));
    }

    private static void copy(String name, Path target) throws IOException {
        try (InputStream in = stream(name)) {
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = stream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream stream(String name) throws IOException {
        InputStream in = RealEngine.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("test resource " + name + " is missing beside " + RealEngine.class.getName());
        }
        return in;
    }

    /** A clock that moves only when the test says so. */
    public static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        public void advance(Duration duration) {
            now = now.plus(duration);
        }

        public void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the engine works in UTC");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
