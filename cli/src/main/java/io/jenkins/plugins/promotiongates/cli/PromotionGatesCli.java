package io.jenkins.plugins.promotiongates.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.lang.reflect.Constructor;
import java.util.Arrays;

/** {@code promotion-gates}: the same gates as the Jenkins plugin, from a shell. */
@Command(name = "promotion-gates", mixinStandardHelpOptions = true, version = "promotion-gates 0.1.0",
        description = "Promote artifacts through staging, canary and production with verified, audited gates.",
        subcommands = {CommandLine.HelpCommand.class, VerifyCommand.class, GateCommand.class, ApproveCommand.class,
                RejectCommand.class, PendingCommand.class, StatusCommand.class, WaitCommand.class,
                RecordDeploymentCommand.class, PolicyCommand.class, AuditCommand.class,
                BreakGlassCommand.class, ReviewCommand.class, QuarantineCommand.class, NotifyCommand.class,
                DemoCommand.class},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:verified / allowed / succeeded", "1:verification failed / denied / chain broken",
                "2:usage or configuration error", "3:needs a human decision (approval)",
                "4:store busy (held by another writer): nothing done, retry", "70:internal error (a defect; report it)"})
public final class PromotionGatesCli {
    /** Exit code: usage or configuration error. */
    public static final int EXIT_USAGE = ExitCodes.USAGE;

    public static void main(String[] args) {
        if (args.length > 0 && "verify".equals(args[0])) {
            // Scripts call verify in loops: skip building the other 18 commands' models (a third of start-up).
            System.exit(configure(new CommandLine(new VerifyCommand(), new ContextFactory(CliContext.forProcess()))
                    .setCommandName("promotion-gates verify"))
                    .execute(Arrays.copyOfRange(args, 1, args.length)));
        }
        System.exit(newCommandLine(CliContext.forProcess()).execute(args));
    }

    /** The command line for the real process. */
    public static CommandLine newCommandLine() {
        return newCommandLine(CliContext.forProcess());
    }

    /** The command line with stable exit codes (2 for usage errors) whose commands get the given context. */
    public static CommandLine newCommandLine(CliContext context) {
        return configure(new CommandLine(new PromotionGatesCli(), new ContextFactory(context)));
    }

    private static CommandLine configure(CommandLine commandLine) {
        commandLine.setExitCodeExceptionMapper(exception -> exception instanceof CliException cli
                ? cli.exitCode() : EXIT_USAGE);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) ->
                Main.executionFailed(exception, line.getErr()));
        commandLine.getCommandSpec().exitCodeOnInvalidInput(EXIT_USAGE);
        commandLine.setParameterExceptionHandler(PromotionGatesCli::usageError);
        return commandLine;
    }

    /**
     * A usage error is one line naming the problem and one pointing at the help, as git, gh and cosign print, not
     * the whole usage (which buries the message in a script's log).
     */
    private static int usageError(CommandLine.ParameterException exception, String[] args) {
        CommandLine command = exception.getCommandLine();
        java.io.PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        err.println("promotion-gates: " + exception.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Gives commands that want it the context through their constructor; others are built as usual. */
    private static final class ContextFactory implements CommandLine.IFactory {
        private final CliContext context;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        ContextFactory(CliContext context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
                constructor.setAccessible(true);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException e) {
                return fallback.create(type);
            }
        }
    }
}
