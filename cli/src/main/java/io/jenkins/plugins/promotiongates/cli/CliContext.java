package io.jenkins.plugins.promotiongates.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * What commands take from the process: the clock, the environment and whether a person watches a terminal. Tests
 * construct their own, so nothing reads the wall clock or the real environment.
 *
 * @param clock       time for every decision
 * @param environment environment variables (NO_COLOR, PROMOTION_GATES_HOME, the JDBC password, USER)
 * @param terminal    whether stdout is a terminal (colour, progress)
 * @param charset     what stdout encodes with: markers fall back to ASCII when it cannot encode them
 */
public record CliContext(Clock clock, Map<String, String> environment, boolean terminal, Charset charset) {
    public CliContext {
        environment = Map.copyOf(environment);
    }

    /** A context whose stdout encodes UTF-8. */
    public CliContext(Clock clock, Map<String, String> environment, boolean terminal) {
        this(clock, environment, terminal, StandardCharsets.UTF_8);
    }

    /** The real process: system clock, real environment, terminal if there is a console, stdout's charset. */
    // Built for Java 17, where a console means a terminal; Console.isTerminal(), which JDK 22 and newer need for that
    // (their console() is never null), does not exist there. On those JDKs redirected output may count as a terminal.
    @SuppressWarnings("SystemConsoleNull")
    public static CliContext forProcess() {
        return new CliContext(Clock.systemUTC(), System.getenv(), System.console() != null, stdoutCharset());
    }

    /** The charset picocli's stdout writer uses (sun.stdout.encoding, else the default: US-ASCII under LANG=C). */
    static Charset stdoutCharset() {
        for (String property : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
            String name = System.getProperty(property);
            if (name != null) {
                try {
                    return Charset.forName("cp65001".equalsIgnoreCase(name) ? "UTF-8" : name);
                } catch (IllegalArgumentException e) {
                    // as picocli: fall back to the default charset
                }
            }
        }
        return Charset.defaultCharset();
    }

    /** Output for one command run, on the command line's writers (which tests replace). */
    Output output(CommandSpec spec) {
        boolean noColour = environment.containsKey("NO_COLOR") || "dumb".equals(environment.get("TERM"));
        return new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), terminal && !noColour, terminal,
                charset);
    }

    /** Who runs the command, for the audit trail: $USER, else "cli". */
    String user() {
        String user = environment.get("USER");
        return user == null || user.isBlank() ? "cli" : user;
    }
}
