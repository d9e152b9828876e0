package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/** What the CLI takes from the environment: the store home, the acting user, colour only on a terminal. */
class EnvironmentVariablesTest {
    @TempDir
    private Path directory;
    private Workspace workspace;

    @BeforeEach
    void setUp() {
        workspace = CliHarness.workspace(directory);
    }

    private String[] gateWithoutStoreOrRequester(String... extra) {
        String[] base = {"gate", "--policy", workspace.policyArg(), "-e", "staging", "--artifact",
                workspace.artifactArg(), "--job", "shop/release"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return args;
    }

    @Test
    void shouldUseTheStoreInPromotionGatesHomeAndTheUserAsRequester() {
        CliHarness cli = new CliHarness(TUESDAY_MORNING);
        Path home = directory.resolve("home");
        cli.setEnvironmentVariable("PROMOTION_GATES_HOME", home.toString());
        cli.setEnvironmentVariable("USER", "erin");

        Result gate = cli.run(gateWithoutStoreOrRequester("--run", "42"));
        Result story = cli.run("audit", "show", "--store", home.toString(), "shop/release#42/staging");

        assertThat(gate.exitCode()).as(gate.err()).isZero();
        assertThat(home).isDirectoryContaining(path -> path.getFileName().toString().startsWith("segment-"));
        assertThat(story.out()).contains("PROMOTION_REQUESTED  erin");
        assertThat(cli.run("audit", "verify").out()).as("audit verify also finds the store through the variable")
                .startsWith("Audit chain intact: ");
    }

    @Test
    void shouldColourOnlyOnATerminalWithoutNoColor() {
        CliHarness terminal = new CliHarness(TUESDAY_MORNING, true);
        Result coloured = terminal.run(gateWithoutStoreOrRequester("--store", workspace.storeArg(), "--run", "43"));
        terminal.setEnvironmentVariable("NO_COLOR", "1");
        Result plain = terminal.run(gateWithoutStoreOrRequester("--store", workspace.storeArg(), "--run", "44"));
        Result piped = new CliHarness(TUESDAY_MORNING).run(gateWithoutStoreOrRequester("--store",
                workspace.storeArg(), "--run", "45"));

        assertThat(coloured.exitCode()).as(coloured.err()).isZero();
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(coloured.out()).contains("\u001b[32mALLOWED");
        assertThat(plain.out()).contains("ALLOWED").doesNotContain("\u001b[");
        assertThat(piped.out()).contains("ALLOWED").doesNotContain("\u001b[");
    }

    @Test
    void shouldRefuseTwoStoresAtOnce() {
        Result result = new CliHarness(TUESDAY_MORNING).run("audit", "export", "--store", workspace.storeArg(),
                "--jdbc-url", "jdbc:postgresql://db.invalid:5432/gates");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--store and --jdbc-url exclude each other");
    }
}
