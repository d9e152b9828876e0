package io.jenkins.plugins.promotiongates.bench;

import io.jenkins.plugins.promotiongates.engine.audit.ActorKind;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;
import io.jenkins.plugins.promotiongates.engine.audit.SqliteAuditStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The two embedded engines of issue 18 by name, and stores of a given history for the open-cost comparison: written
 * through the public API in batches of {@value #BATCH} events: decisions, and one in {@value #APPROVAL_EVERY} of the
 * last {@value #RECENT} an open approval request, so that {@code pending} lists the same 10 at every history length
 * (what differs is the history, not the answer). Kept under {@code bench/target/embedded-ENGINE-EVENTS} once complete
 * (a {@code complete} marker holds the count) for the next run.
 */
final class EmbeddedStores {
    static final Clock CLOCK = Clock.fixed(GateBenchmark.NOW, ZoneOffset.UTC);
    private static final int BATCH = 5000;
    private static final int APPROVAL_EVERY = 1000;
    private static final int RECENT = 10_000;

    private EmbeddedStores() {
    }

    static AuditStore open(String engine, Path directory) {
        return switch (engine) {
            case "sqlite" -> new SqliteAuditStore(directory, CLOCK);
            case "segment" -> new FileAuditStore(directory, CLOCK);
            default -> throw new IllegalArgumentException("unknown engine " + engine + ": segment or sqlite");
        };
    }

    /** The directory of a complete store of {@code events} events, written now if missing or incomplete. */
    static Path withHistory(String engine, int events, Path base) throws IOException {
        Path directory = base.resolve("embedded-stores/" + engine + "-" + events);
        Path marker = directory.resolve("complete");
        if (Files.exists(marker) && Files.readString(marker, StandardCharsets.UTF_8).strip().equals(Integer.toString(events))) {
            return directory;
        }
        if (Files.exists(directory)) {
            AuditChainBenchmark.deleteRecursively(directory);
        }
        Files.createDirectories(directory);
        try (AuditStore store = open(engine, directory)) {
            List<NewEvent> batch = new ArrayList<>(BATCH);
            for (int n = 1; n <= events; n++) {
                batch.add(n % APPROVAL_EVERY == 0 && n > events - RECENT
                        ? NewEvent.builder(AuditEventType.APPROVAL_REQUESTED, "agent-" + (n % 1000), ActorKind.AGENT)
                                .correlationId("shop/release#" + n + "/production").environment("production")
                                .digest(LedgerEvents.DIGEST).build()
                        : LedgerEvents.decision(n));
                if (batch.size() == BATCH || n == events) {
                    store.appendAll(batch);
                    batch.clear();
                }
            }
        }
        Files.writeString(marker, Integer.toString(events), StandardCharsets.UTF_8);
        return directory;
    }
}
