package io.jenkins.plugins.promotiongates.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code audit verify|export|show} on a store seeded through real gates. */
class AuditCommandTest {
    private static final String CANARY_42 = "shop/release#42/canary";

    @TempDir
    private Path directory;
    private Workspace workspace;
    private final CliHarness cli = new CliHarness(TUESDAY_MORNING);

    @BeforeEach
    void setUp() {
        workspace = CliHarness.workspace(directory);
        ApprovalCommandsTest.pendingCanary(cli, workspace, "42");
        assertThat(cli.run("approve", "--store", workspace.storeArg(), "--correlation-id", CANARY_42, "--as", "bob",
                "--group", "release-managers").exitCode()).isEqualTo(3);
    }

    @Test
    void shouldReportAnIntactChain() {
        Result text = cli.run("audit", "verify", "--store", workspace.storeArg());
        Result json = cli.run("audit", "verify", "--store", workspace.storeArg(), "--json");

        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).startsWith("Audit chain intact: ");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out().trim()).startsWith("{").endsWith("}");
    }

    @Test
    void shouldNameTheBrokenLinkAfterOneByteOfASegmentChanged() throws IOException {
        // alice's staging request is in the middle of the chain (a torn tail is indistinguishable from a crash).
        long alicesRequest = exported().stream().filter(e -> "alice".equals(e.get("actor").asText())).findFirst()
                .orElseThrow().get("sequence").asLong();
        Path segment = segments().get(0);
        byte[] bytes = Files.readAllBytes(segment);
        int at = indexOf(bytes, "alice".getBytes(StandardCharsets.UTF_8));
        assertThat(at).as("alice's request is in the first segment").isPositive();
        bytes[at + 4] = 'a';
        Files.write(segment, bytes);

        Result result = cli.run("audit", "verify", "--store", workspace.storeArg());

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
        assertThat(result.out()).startsWith("Audit chain BROKEN after " + (alicesRequest - 1) + " intact events: sequence "
                + alicesRequest + ": CORRUPT_RECORD").contains("segment-000001.log@");
        assertThat(cli.run("gate", "--policy", workspace.policyArg(), "--store", workspace.storeArg(), "-e", "staging",
                "--artifact", workspace.artifactArg()).err()).as("a damaged store takes no new decisions")
                .contains("is damaged");
    }

    /** Watched failing before acknowledgements were recorded: the shortened chain verified as intact (exit 0). */
    @Test
    void shouldFailWithThePositionWhenAcknowledgedEventsWereCutOff() throws IOException {
        Path segment = segments().get(segments().size() - 1);
        byte[] bytes = Files.readAllBytes(segment);
        // The newest frame starts after the second-newest; cut the file where the newest one starts.
        long newest = lastFrameOffset(bytes);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(segment,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(newest);
        }

        Result result = cli.run("audit", "verify", "--store", workspace.storeArg());

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
        assertThat(result.out()).contains("ACKNOWLEDGED_RECORD_MISSING", segment.getFileName() + "@" + newest);
    }

    /** Offset of the last frame of a cleanly closed segment (8-byte header, then length | CRC | body frames). */
    private static long lastFrameOffset(byte[] bytes) {
        int offset = 8;
        int last = offset;
        while (offset + 8 <= bytes.length) {
            int length = java.nio.ByteBuffer.wrap(bytes, offset, 4).getInt();
            if (length == 0) {
                break;
            }
            last = offset;
            offset += 8 + length;
        }
        return last;
    }

    @Test
    void shouldExitTwoWhenThereIsNoStoreToVerify() {
        Result result = cli.run("audit", "verify", "--store", directory.resolve("nowhere").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no audit store in " + directory.resolve("nowhere"));
    }

    @Test
    void shouldExportOneParseableJsonObjectPerEvent() throws IOException {
        Result result = cli.run("audit", "export", "--store", workspace.storeArg(), "--format", "jsonl");

        assertThat(result.exitCode()).isZero();
        List<JsonNode> events = new ArrayList<>();
        for (String line : result.out().lines().toList()) {
            events.add(new ObjectMapper().readTree(line));
        }
        assertThat(events).isNotEmpty().allSatisfy(event -> {
            assertThat(event.isObject()).isTrue();
            assertThat(event.fieldNames()).toIterable().contains("sequence", "type", "time", "actor", "correlationId");
        });
        assertThat(events.stream().map(e -> e.get("sequence").asLong()).toList()).isSorted().doesNotHaveDuplicates();
        assertThat(events.get(0).get("type").asText()).isEqualTo("POLICY_CHANGED");
        assertThat(events).anySatisfy(e -> assertThat(e.get("type").asText()).isEqualTo("APPROVAL_GRANTED"));

        Result after = cli.run("audit", "export", "--store", workspace.storeArg(), "--after",
                Long.toString(events.get(events.size() - 2).get("sequence").asLong()));
        assertThat(after.out().lines()).hasSize(1);
    }

    @Test
    void shouldExportToAFileAndSayHowManyEvents() throws IOException {
        Path file = directory.resolve("audit.jsonl");
        long expected = cli.run("audit", "export", "--store", workspace.storeArg()).out().lines().count();

        Result result = cli.run("audit", "export", "--store", workspace.storeArg(), "--output", file.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("exported " + expected + " events to " + file);
        assertThat(Files.readAllLines(file)).hasSize((int) expected);
    }

    @Test
    void shouldRefuseAnUnknownExportFormat() {
        Result result = cli.run("audit", "export", "--store", workspace.storeArg(), "--format", "csv");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--format must be jsonl, got 'csv'");
    }

    @Test
    void shouldRefuseANegativeAfter() {
        Result result = cli.run("audit", "export", "--store", workspace.storeArg(), "--after", "-5");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--after must be a sequence number (0 or more), got -5");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void shouldShowTheJoinedStoryOfOnePromotion() {
        Result text = cli.run("audit", "show", "--store", workspace.storeArg(), CANARY_42);
        Result json = cli.run("audit", "show", "--store", workspace.storeArg(), CANARY_42, "--json");

        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).containsSubsequence("PROMOTION_REQUESTED", "DECISION", "APPROVAL_REQUESTED",
                "APPROVAL_GRANTED").contains("bob").contains("APPROVAL_REQUIRED [approvals]")
                .doesNotContain("shop/release#42/staging");
        assertThat(json.exitCode()).isZero();
        assertThat(json.json().isArray()).isTrue();
        assertThat(json.json()).allSatisfy(event -> assertThat(event.get("correlationId").asText()).isEqualTo(CANARY_42));
    }

    @Test
    void shouldExitOneWhenNoEventHasThatCorrelationId() {
        Result result = cli.run("audit", "show", "--store", workspace.storeArg(), "shop/release#9/canary");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no events for shop/release#9/canary");
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(workspace.store())) {
            return files.filter(f -> f.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }

    private List<JsonNode> exported() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : cli.run("audit", "export", "--store", workspace.storeArg()).out().lines().toList()) {
            events.add(new ObjectMapper().readTree(line));
        }
        return events;
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

}
