package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import io.jenkins.plugins.promotiongates.engine.audit.SqliteAuditStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code --store DIR} opens the engine the directory holds; a new directory gets the one asked for, else the default. */
class StoreEngineTest {
    @TempDir
    Path directory;

    private CliHarness.Workspace workspace;
    private final CliHarness cli = new CliHarness(TUESDAY_MORNING);

    @BeforeEach
    void setUp() {
        workspace = CliHarness.workspace(directory);
    }

    private Result deploy(String run, String... extra) {
        String[] base = {"record-deployment", "--store", workspace.storeArg(), "--environment", "staging", "--job",
                "shop/release", "--run", run, "--outcome", "success"};
        return cli.run(Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new));
    }

    private Result gate(String... extra) {
        return cli.run(workspace.gate("staging", "alice", "1", extra));
    }

    private String[] storeFiles() throws IOException {
        try (Stream<Path> files = Files.list(workspace.store())) {
            return files.map(file -> file.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void shouldCreateASqliteStoreWhenAskedAndKeepUsingItWithoutBeingAskedAgain() throws IOException {
        assertThat(gate("--store-engine", "sqlite").exitCode()).isZero();
        assertThat(deploy("1").exitCode()).isZero();

        assertThat(storeFiles()).contains(SqliteAuditStore.FILE_NAME).noneMatch(name -> name.startsWith("segment-"));
        Result export = cli.run("audit", "export", "--store", workspace.storeArg());
        assertThat(export.exitCode()).isZero();
        assertThat(export.out().lines()).hasSize(4); // the policy, the request, the decision, the deployment
        Result verify = cli.run("audit", "verify", "--store", workspace.storeArg());
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("4");
    }

    @Test
    void shouldTakeTheEngineOfANewStoreFromTheEnvironment() throws IOException {
        cli.setEnvironmentVariable(StoreOptions.ENGINE_VARIABLE, "SQLite");
        assertThat(gate().exitCode()).isZero();
        assertThat(storeFiles()).contains(SqliteAuditStore.FILE_NAME);
    }

    @Test
    void shouldKeepTheSegmentLogTheDefaultForANewStore() throws IOException {
        assertThat(gate().exitCode()).isZero();
        assertThat(storeFiles()).doesNotContain(SqliteAuditStore.FILE_NAME).anyMatch(name -> name.startsWith("segment-"));
    }

    @Test
    void shouldRefuseToOpenAStoreWithAnotherEngineThanTheOneItHolds() {
        assertThat(gate("--store-engine", "sqlite").exitCode()).isZero();

        Result other = deploy("2", "--store-engine", "segment");
        assertThat(other.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(other.err()).contains("holds a sqlite store, not segment");
    }

    @Test
    void shouldRefuseAnUnknownEngine() {
        Result unknown = gate("--store-engine", "berkeley");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("unknown store engine 'berkeley' (from --store-engine): expected segment or sqlite");
    }
}
