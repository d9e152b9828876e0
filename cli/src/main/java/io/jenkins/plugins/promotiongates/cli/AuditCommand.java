package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.ChainReport;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.audit.JsonLinesExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code promotion-gates audit}: check, export and read the tamper-evident audit trail. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Verify, export or show the tamper-evident audit trail.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class, AuditCommand.Show.class})
final class AuditCommand {

    /** {@code audit verify}: the whole hash chain, naming the first broken link. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the whole hash chain; name the first edited, deleted or reordered event.",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:chain intact", "1:chain broken (first broken link printed)", "2:usage error"})
    static final class Verify implements Callable<Integer> {
        private final CliContext context;
        @Spec
        private CommandSpec spec;
        @Mixin
        private StoreOptions store;
        @Option(names = "--json", description = "Print the report as JSON.")
        private boolean json;

        Verify(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws CliException {
            Output output = context.output(spec);
            ChainReport report;
            if (store.isEmbedded()) {
                // Read the segment files without opening the store: opening refuses a damaged store, and
                // naming that damage is exactly what this command is for.
                Path directory = store.directory(context.environment());
                if (!Files.isDirectory(directory)) {
                    throw new CliException(ExitCodes.USAGE, "no audit store in " + directory);
                }
                report = store.engine(directory, context.environment()) == StoreOptions.Engine.SQLITE
                        ? io.jenkins.plugins.promotiongates.engine.audit.SqliteAuditStore.verifyChain(directory,
                                context.clock())
                        : ChainVerifier.verifyDirectory(directory);
            } else {
                try (AuditStore opened = ServiceSession.openStore(context, store)) {
                    report = ChainVerifier.verify(opened);
                }
            }
            if (json) {
                output.out().println(Json.write(report));
            } else {
                output.out().println(report.isIntact() ? output.green(report.summary()) : output.red(report.summary()));
                // what --json has had all along: a torn tail the next open will cut, and the like
                report.warnings().forEach(warning -> output.out().println("warning: " + warning));
            }
            output.out().flush();
            return report.isIntact() ? ExitCodes.OK : ExitCodes.DENIED;
        }
    }

    /** {@code audit export}: JSON Lines for a SIEM. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Export every event as JSON Lines (one event per line), for a SIEM.")
    static final class Export implements Callable<Integer> {
        private final CliContext context;
        @Spec
        private CommandSpec spec;
        @Mixin
        private StoreOptions store;
        @Option(names = "--format", defaultValue = "jsonl", paramLabel = "FORMAT", description = "jsonl (the only format).")
        private String format;
        @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE instead of stdout.")
        private Path outputFile;
        @Option(names = "--after", paramLabel = "SEQ", defaultValue = "0",
                description = "Only events after this sequence number (incremental export).")
        private long after;

        Export(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws CliException {
            if (!"jsonl".equals(format)) {
                throw new CliException(ExitCodes.USAGE, "--format must be jsonl, got '" + format + "'");
            }
            if (after < 0) {
                // sequence numbers start at 1; a negative one is a typo, not "everything"
                throw new CliException(ExitCodes.USAGE, "--after must be a sequence number (0 or more), got " + after);
            }
            Output output = context.output(spec);
            try (AuditStore opened = ServiceSession.openStore(context, store)) {
                long count;
                if (outputFile == null) {
                    output.out().flush();
                    OutputStream stdout = new WriterOutputStream(output.out());
                    count = JsonLinesExporter.export(opened, after, stdout);
                    stdout.flush();
                } else {
                    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(outputFile))) {
                        count = JsonLinesExporter.export(opened, after, file);
                    }
                    output.err().println("exported " + count + " events to " + outputFile);
                }
                output.err().flush();
                return ExitCodes.OK;
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot write " + (outputFile == null ? "stdout" : outputFile)
                        + ": " + Problems.cause(e), e);
            }
        }
    }

    /** {@code audit show}: the joined story of one promotion. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show every record of one promotion in order: request, decision, approvals, credentials, deployment.")
    static final class Show implements Callable<Integer> {
        private final CliContext context;
        @Spec
        private CommandSpec spec;
        @Mixin
        private StoreOptions store;
        @Parameters(paramLabel = "CORRELATION_ID", description = "As printed by gate, e.g. cli#1/production.")
        private String correlationId;
        @Option(names = "--json", description = "Print the events as a JSON array.")
        private boolean json;

        Show(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws CliException {
            Output output = context.output(spec);
            try (AuditStore opened = ServiceSession.openStore(context, store)) {
                List<AuditEvent> events = opened.byCorrelationId(correlationId);
                if (events.isEmpty()) {
                    output.err().println("promotion-gates: no events for " + correlationId);
                    output.err().flush();
                    return ExitCodes.DENIED;
                }
                if (json) {
                    output.out().println(Json.write(events));
                } else {
                    for (AuditEvent event : events) {
                        output.out().println(describe(event));
                    }
                }
                output.out().flush();
                return ExitCodes.OK;
            }
        }

        static String describe(AuditEvent event) {
            StringBuilder line = new StringBuilder();
            line.append(String.format(java.util.Locale.ROOT, "#%-6d %s  %-20s %s", event.sequence(), Times.text(event.time()),
                    event.type(), event.actor()));
            if (event.outcome() != null) {
                line.append("  → ").append(event.outcome());
            }
            if (!event.digests().isEmpty()) {
                line.append("  ").append(String.join(",", event.digests()));
            }
            for (AuditReason reason : event.reasons()) {
                line.append(System.lineSeparator()).append("          ").append(reason.code()).append(" [")
                        .append(reason.gate()).append("] ").append(reason.message());
            }
            for (Map.Entry<String, String> entry : event.payload().entrySet()) {
                if (entry.getValue().length() <= 200) {
                    line.append(System.lineSeparator()).append("          ").append(entry.getKey()).append(": ")
                            .append(entry.getValue());
                }
            }
            return line.toString();
        }
    }
}
