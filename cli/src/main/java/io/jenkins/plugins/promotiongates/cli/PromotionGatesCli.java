package io.jenkins.plugins.promotiongates.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code promotion-gates}: the same gates as the Jenkins plugin, from a shell. */
@Command(name = "promotion-gates", mixinStandardHelpOptions = true, version = "promotion-gates 0.1.0",
        description = "Promote artifacts through staging, canary and production with verified, audited gates.",
        subcommands = {CommandLine.HelpCommand.class, VerifyCommand.class})
public final class PromotionGatesCli {
    /** Exit code: usage or configuration error. */
    public static final int EXIT_USAGE = ExitCodes.USAGE;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The command line with stable exit codes: 2 for usage errors, whatever the library's default. */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new PromotionGatesCli());
        commandLine.setExitCodeExceptionMapper(exception -> EXIT_USAGE);
        commandLine.getCommandSpec().exitCodeOnInvalidInput(EXIT_USAGE);
        return commandLine;
    }
}
