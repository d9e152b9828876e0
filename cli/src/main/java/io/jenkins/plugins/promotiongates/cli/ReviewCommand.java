package io.jenkins.plugins.promotiongates.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code promotion-gates review}: the post-incident reviews that break-glass opens. */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "List and close the post-incident reviews opened by break-glass.",
        subcommands = {ReviewCommand.ListReviews.class, ReviewCommand.Close.class})
final class ReviewCommand {

    /** Open reviews, newest first. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List open reviews, newest first.")
    static final class ListReviews implements Callable<Integer> {
        private final CliContext context;
        @Spec
        private CommandSpec spec;
        @Mixin
        private StoreOptions store;
        @Option(names = "--json", description = "Print {\"reviews\": [CORRELATION_ID...]} on one line.")
        private boolean json;

        ListReviews(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws CliException {
            Output output = context.output(spec);
            try (ServiceSession session = ServiceSession.openWithStoredPolicy(context, store)) {
                List<String> open = session.service().openReviews();
                if (json) {
                    output.out().println(Json.write(java.util.Map.of("reviews", open)));
                } else if (open.isEmpty()) {
                    output.out().println("no open reviews");
                }
                if (!json) {
                    open.forEach(output.out()::println);
                }
                output.out().flush();
                return ExitCodes.OK;
            }
        }
    }

    /** Closes a review; refused for the user who broke the glass. */
    @Command(name = "close", mixinStandardHelpOptions = true,
            description = "Close a post-incident review (not by the user who broke the glass).",
            exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:closed", "1:refused (no such open review, "
                    + "or you broke the glass yourself)", "2:usage error"})
    static final class Close implements Callable<Integer> {
        private final CliContext context;
        @Spec
        private CommandSpec spec;
        @Mixin
        private StoreOptions store;
        @Parameters(paramLabel = "CORRELATION_ID", description = "The promotion whose review to close.")
        private String correlationId;
        @Option(names = "--note", required = true, paramLabel = "TEXT", description = "Findings of the review.")
        private String note;
        @Option(names = "--as", paramLabel = "USER", description = "Who closes it (default: $USER).")
        private String closer;
        @Option(names = "--json", description = "Print {closed, correlationId} on one line.")
        private boolean json;

        Close(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws CliException {
            Output output = context.output(spec);
            if (note.isBlank()) {
                throw new CliException(ExitCodes.USAGE, "--note must say what the review found");
            }
            try (ServiceSession session = ServiceSession.openWithStoredPolicy(context, store)) {
                boolean closed = session.service().closeReview(correlationId, closer != null ? closer : context.user(), note);
                if (json) {
                    output.out().println(Json.write(java.util.Map.of("closed", closed, "correlationId", correlationId)));
                    output.out().flush();
                    return closed ? ExitCodes.OK : ExitCodes.DENIED;
                }
                output.out().println(closed ? "review of " + correlationId + " closed"
                        : "review of " + correlationId + " not closed: no such open review, or you broke the glass yourself");
                output.out().flush();
                return closed ? ExitCodes.OK : ExitCodes.DENIED;
            }
        }
    }
}
