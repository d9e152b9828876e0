package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/** Every command answers {@code --help} with its usage on stdout; an unknown command is a usage error. */
class HelpTest {
    private final CliHarness cli = new CliHarness(TUESDAY_MORNING);

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"verify", "gate", "approve", "reject", "pending", "record-deployment", "policy",
            "policy check", "policy explain", "policy test", "policy replay", "audit", "audit verify", "audit export",
            "audit show", "break-glass", "review", "review list", "review close", "quarantine", "quarantine lift", "demo"})
    void shouldPrintUsageForEveryCommand(String command) {
        String[] words = command.split(" ", -1);
        String[] args = new String[words.length + 1];
        System.arraycopy(words, 0, args, 0, words.length);
        args[words.length] = "--help";

        Result result = cli.run(args);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: promotion-gates " + command);
        assertThat(result.err()).isEmpty();
    }

    @Test
    void shouldExitTwoOnAnUnknownCommand() {
        Result result = cli.run("promote");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unmatched argument at index 0: 'promote'");
    }

    @Test
    void shouldNameAUsageErrorInOneLineWithAHintInsteadOfTheWholeUsage() {
        Result unknownOption = cli.run("pending", "--colour");
        Result missingValue = cli.run("gate", "--environment");

        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err().lines()).first().asString()
                .startsWith("promotion-gates: ").contains("--colour");
        assertThat(unknownOption.err().lines()).last().asString()
                .isEqualTo("Try 'promotion-gates pending --help' for more information.");
        assertThat(unknownOption.err()).doesNotContain("Usage:");
        assertThat(missingValue.exitCode()).isEqualTo(2);
        assertThat(missingValue.err()).startsWith("promotion-gates: ").doesNotContain("Usage:")
                .contains("Try 'promotion-gates gate --help'");
    }

    @Test
    void shouldListTheExitCodesInTheTopLevelHelp() {
        Result result = cli.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Exit codes:").containsPattern("\\b3 +needs a human decision \\(approval\\)")
                .containsPattern("\\b4 +store busy").containsPattern("\\b70 +internal error");
    }
}
