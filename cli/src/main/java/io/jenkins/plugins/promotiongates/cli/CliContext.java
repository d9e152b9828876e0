package io.jenkins.plugins.promotiongates.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.time.Clock;
import java.util.Map;

/**
 * What commands take from the process: the clock, the environment and whether a person watches a terminal. Tests
 * construct their own, so nothing reads the wall clock or the real environment.
 *
 * @param clock       time for every decision
 * @param environment environment variables (NO_COLOR, PROMOTION_GATES_HOME, the JDBC password, USER)
 * @param terminal    whether stdout is a terminal (colour, progress)
 */
public record CliContext(Clock clock, Map<String, String> environment, boolean terminal) {
    public CliContext {
        environment = Map.copyOf(environment);
    }

    /** The real process: system clock, real environment, terminal if there is a console. */
    public static CliContext forProcess() {
        return new CliContext(Clock.systemUTC(), System.getenv(), System.console() != null);
    }

    /** Output for one command run, on the command line's writers (which tests replace). */
    Output output(CommandSpec spec) {
        boolean noColour = environment.containsKey("NO_COLOR") || "dumb".equals(environment.get("TERM"));
        return new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), terminal && !noColour, terminal);
    }

    /** Who runs the command, for the audit trail: $USER, else "cli". */
    String user() {
        String user = environment.get("USER");
        return user == null || user.isBlank() ? "cli" : user;
    }
}
