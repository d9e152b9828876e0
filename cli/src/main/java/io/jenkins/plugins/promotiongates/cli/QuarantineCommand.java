package io.jenkins.plugins.promotiongates.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code promotion-gates quarantine lift}: an admin lifts a quarantine raised by repeated denials. */
@Command(name = "quarantine", mixinStandardHelpOptions = true, description = "Manage quarantined identities.",
        subcommands = QuarantineCommand.Lift.class)
final class QuarantineCommand {

    /** Lifts one identity's quarantine; audited with who and why. */
    @Command(name = "lift", mixinStandardHelpOptions = true,
            description = "Lift the quarantine of an identity (agent:ID, user:ID or job:NAME).")
    static final class Lift implements Callable<Integer> {
        private final CliContext context;
        @Spec
        private CommandSpec spec;
        @Mixin
        private StoreOptions store;
        @Parameters(paramLabel = "IDENTITY", description = "e.g. agent:release-bot-7")
        private String identity;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why it is safe again.")
        private String reason;
        @Option(names = "--as", paramLabel = "ADMIN", description = "Who lifts it (default: $USER).")
        private String admin;
        @Option(names = "--json", description = "Print {lifted, identity} on one line.")
        private boolean json;

        Lift(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws CliException {
            Output output = context.output(spec);
            try (ServiceSession session = ServiceSession.openWithStoredPolicy(context, store)) {
                boolean lifted = session.service().liftQuarantine(identity, admin != null ? admin : context.user(), reason);
                if (json) {
                    output.out().println(Json.write(java.util.Map.of("lifted", lifted, "identity", identity)));
                } else {
                    output.out().println(lifted ? "quarantine of " + identity + " lifted" : identity + " is not quarantined");
                }
                output.out().flush();
                return lifted ? ExitCodes.OK : ExitCodes.DENIED;
            }
        }
    }
}
