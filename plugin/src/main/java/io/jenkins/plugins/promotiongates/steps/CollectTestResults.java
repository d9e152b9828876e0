package io.jenkins.plugins.promotiongates.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceCollector;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceRefusal;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceRefusedException;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import jenkins.MasterToSlaveFileCallable;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs on the agent that holds the workspace: finds the JUnit XML reports matching Ant-style globs and sums their
 * counts with the engine's {@link EvidenceCollector} (the same reader and size limit as the CLI), so only three
 * numbers travel to the controller. A malformed report is an error naming the report (workspace-relative), never
 * zero failures; a report over the size limit is a refusal the gate records as a denial. {@code FileCallable} is named again for the reason
 * given on {@link CollectArtifacts}.
 */
final class CollectTestResults extends MasterToSlaveFileCallable<CollectTestResults.Found>
        implements FilePath.FileCallable<CollectTestResults.Found> {
    private static final long serialVersionUID = 1L;

    private final List<String> patterns;

    /** @param globs comma-separated Ant-style globs relative to the workspace ({@code **}{@code /} matches any depth) */
    CollectTestResults(String globs) {
        List<String> list = new ArrayList<>();
        for (String glob : globs.split(",", -1)) {
            if (!glob.isBlank()) {
                String pattern = glob.trim().replace('\\', '/');
                list.add(pattern.startsWith("./") ? pattern.substring(2) : pattern);
            }
        }
        this.patterns = List.copyOf(list);
    }

    /**
     * What the agent found.
     *
     * @param reports how many report files matched
     * @param total   tests run, summed over the reports
     * @param failed  failures and errors
     * @param skipped skipped tests
     * @param refusal a report over the size limit (then no counts), or null
     */
    record Found(int reports, int total, int failed, int skipped, @CheckForNull EvidenceRefusal refusal)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        Found(int reports, int total, int failed, int skipped) {
            this(reports, total, failed, skipped, null);
        }

        /** The evidence for the engine, or {@code null} when no report matched (the policy decides what that means). */
        @CheckForNull
        TestEvidence evidence() {
            return reports == 0 || refusal != null ? null : new TestEvidence(total, failed, skipped);
        }
    }

    @Override
    public Found invoke(File workspace, VirtualChannel channel) throws IOException {
        Path root = workspace.toPath().toAbsolutePath().normalize();
        List<Pattern> matchers = patterns.stream().map(CollectTestResults::antToRegex).toList();
        List<Path> reports;
        try (Stream<Path> walk = Files.walk(root)) {
            reports = walk.filter(Files::isRegularFile)
                    .filter(f -> matchers.stream().anyMatch(m -> m.matcher(relative(root, f)).matches()))
                    .sorted().toList();
        }
        Map<String, EvidenceCollector.Opener> named = new LinkedHashMap<>();
        for (Path report : reports) {
            named.put(relative(root, report), () -> Files.newInputStream(report));
        }
        try {
            TestEvidence sum = EvidenceCollector.testReports(named);
            return new Found(reports.size(), sum.total(), sum.failed(), sum.skipped());
        } catch (EvidenceRefusedException e) {
            return new Found(reports.size(), 0, 0, 0, e.refusal());
        }
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(File.separatorChar, '/');
    }

    /**
     * Ant's glob rules: {@code **}{@code /} is zero or more directories, {@code **} anything, {@code *} and {@code ?}
     * stay within one path segment, a trailing {@code /} means everything below. Everything else is literal.
     */
    static Pattern antToRegex(String glob) {
        String ant = glob.endsWith("/") ? glob + "**" : glob;
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < ant.length()) {
            char c = ant.charAt(i);
            if (ant.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 3;
            } else if (ant.startsWith("**", i)) {
                regex.append(".*");
                i += 2;
            } else if (c == '*') {
                regex.append("[^/]*");
                i++;
            } else if (c == '?') {
                regex.append("[^/]");
                i++;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return Pattern.compile(regex.toString());
    }
}
