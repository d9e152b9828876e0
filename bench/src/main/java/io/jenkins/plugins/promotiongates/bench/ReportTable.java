package io.jenkins.plugins.promotiongates.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.DoublePredicate;

/**
 * Turns one run's results into the table of docs/performance.md: figure | target | ours | baseline | ratio | met?
 *
 * <p>Inputs in the results directory (written by bench/run.sh): {@code jmh.json} (JMH {@code -rf json}),
 * {@code node-warm.json} (bench/node/verify-loop.mjs), {@code openssl.json}, {@code cold-node.json} and
 * {@code cold-ours.json} (hyperfine {@code --export-json}, or the same shape from run.sh's loop). For any input
 * {@code NAME.json} that could not be measured, run.sh writes {@code NAME.skipped} with the reason. A value that
 * is missing is printed as "not measured" with its reason, never estimated.
 *
 * <p>Rows for our code look up JMH benchmarks by name; a benchmark added under the name given here fills its
 * row without a change to this class: {@value #VERIFY}, {@value #GATE}, {@value #POLICY} (param {@code rules}),
 * {@value #LEDGER}, {@value #AUDIT}, and {@code impl=ours} of the digest, PostgreSQL and approval-heap
 * benchmarks.
 *
 * <p>usage: {@code java -cp benchmarks.jar io.jenkins.plugins.promotiongates.bench.ReportTable RESULTS_DIR
 * MARKDOWN_OUT DATE}
 */
public final class ReportTable {
    static final String PACKAGE = "io.jenkins.plugins.promotiongates.bench.";
    static final String DIGEST = PACKAGE + "DigestBenchmark.digest";
    static final String VERIFY = PACKAGE + "VerifyBenchmark.verify";
    static final String GATE = PACKAGE + "GateBenchmark.gate";
    static final String GATE_NEW_BUNDLE = PACKAGE + "GateBenchmark.gateNewBundle";
    static final String POLICY = PACKAGE + "PolicyBenchmark.evaluate";
    static final String LEDGER = PACKAGE + "LedgerAppendBenchmark.append8Writers";
    static final String FSYNC = PACKAGE + "FsyncBaselineBenchmark.fsyncPerAppend8Writers";
    static final String FSYNC_1 = PACKAGE + "FsyncBaselineBenchmark.fsyncPerAppend1Writer";
    static final String AUDIT = PACKAGE + "AuditChainBenchmark.verifyChain";
    static final String POSTGRES_1 = PACKAGE + "PostgresBaselineBenchmark.insert1Writer";
    static final String POSTGRES_8 = PACKAGE + "PostgresBaselineBenchmark.insert8Writers";
    static final String HEAP = PACKAGE + "ApprovalHeapBenchmark.retain";

    private static final double MIB = 1024.0 * 1024.0;

    private final Path results;
    private final ObjectMapper json = new ObjectMapper();
    private final List<JsonNode> jmh;

    ReportTable(Path results) throws IOException {
        this.results = results;
        // jmh.json, plus jmh-warm.json of the benchmarks run.sh gives a longer warm-up.
        List<JsonNode> entries = new ArrayList<>();
        for (String name : List.of("jmh.json", "jmh-warm.json")) {
            Path jmhFile = results.resolve(name);
            if (Files.isRegularFile(jmhFile)) {
                json.readTree(jmhFile.toFile()).forEach(entries::add);
            }
        }
        this.jmh = entries;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ReportTable RESULTS_DIR MARKDOWN_OUT DATE");
            System.exit(2);
        }
        ReportTable report = new ReportTable(Paths.get(args[0]));
        List<Row> rows = report.rows();
        String header = report.header(args[2]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println(header);
        out.println(plain(rows));
        Files.writeString(Paths.get(args[1]), header + "\n\n" + markdown(rows), StandardCharsets.UTF_8);
    }

    /** One line of the table; every cell already rendered, so a missing value carries its reason as text. */
    record Row(String figure, String target, String ours, String baseline, String ratio, String met) {
        List<String> cells() {
            return List.of(figure, target, ours, baseline, ratio, met);
        }
    }

    /** A measured value, or the reason it is missing. */
    record Value(double number, String unit, String text, boolean measured) {
        static Value of(double number, String unit, String text) {
            return new Value(number, unit, text, true);
        }

        /** The cell of a figure that has no baseline by design. */
        static final Value NONE = new Value(Double.NaN, "", "— (none by design)", false);

        static Value missing(String reason) {
            return new Value(Double.NaN, "", "not measured: " + reason, false);
        }
    }

    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.addAll(digestRows());
        rows.add(warmVerifyRow());
        rows.add(coldCliRow());
        Value gate = throughput(jmhEntry(GATE, Map.of()), pending(GATE));
        rows.add(absoluteRow("full gate (policy + verify + ledger append), warm, 1 thread",
                "≥ 1,000 gates/s on one core", gate, Value.NONE, "", v -> v >= 1_000));
        Value firstGate = throughput(jmhEntry(GATE_NEW_BUNDLE, Map.of()), notRun(GATE_NEW_BUNDLE));
        rows.add(row("full gate, bundle not seen before (full verification), 1 thread", "reported (no target)",
                firstGate, gate, firstGate.number() / gate.number(), "×", null));
        rows.addAll(policyRows());
        Value ledger = throughput(jmhEntry(LEDGER, Map.of()), pending(LEDGER));
        Value fsync = throughput(jmhEntry(FSYNC, Map.of()), notRun(FSYNC));
        rows.add(absoluteRow("embedded ledger durable append, 8 writers",
                "≥ 20,000 appends/s (baseline: fsync per append)", ledger, fsync, "×", v -> v >= 20_000));
        Value fsyncAlone = throughput(jmhEntry(FSYNC_1, Map.of()), notRun(FSYNC_1));
        rows.add(row("fsync per append, 8 writers vs 1 writer", "reported (no target)", fsync, fsyncAlone,
                fsync.number() / fsyncAlone.number(), "×", null));
        Value audit = seconds(jmhEntry(AUDIT, Map.of("events", "1000000")), pending(AUDIT + " events=1000000"));
        rows.add(absoluteRow("audit chain verification, 1,000,000 events", "< 2 s", audit, Value.NONE, "",
                v -> v < 2.0));
        rows.add(postgresRow(POSTGRES_1, "PostgreSQL ledger append, 1 writer"));
        rows.add(postgresRow(POSTGRES_8, "PostgreSQL ledger append, 8 writers"));
        rows.add(heapRow());
        return rows;
    }

    private List<Row> digestRows() {
        Optional<JsonNode> jdk = largestDigest("jdk");
        Optional<JsonNode> ours = largestDigest("ours");
        String size = jdk.map(e -> e.path("params").path("sizeMiB").asText() + " MiB").orElse("1 GiB");
        Value jdkRate = digestRate(jdk, notRun(DIGEST + " impl=jdk"));
        Value oursRate = digestRate(ours, pending(DIGEST + " impl=ours"));
        Value openssl = opensslRate();
        List<Row> rows = new ArrayList<>();
        rows.add(row("artifact digest throughput, SHA-256, " + size, "≥ 0.95× the JDK MessageDigest loop",
                oursRate, jdkRate, oursRate.number() / jdkRate.number(), "×",
                ratio -> ratio >= 0.95));
        rows.add(row("artifact digest vs openssl dgst -sha256, " + size, "reported (no target)", oursRate, openssl,
                oursRate.number() / openssl.number(), "×", null));
        rows.add(row("JDK loop vs openssl dgst -sha256, " + size, "reported (no target)", jdkRate, openssl,
                jdkRate.number() / openssl.number(), "×", null));
        Value oursAlloc = allocation(ours, pending(DIGEST + " impl=ours"));
        Value jdkAlloc = allocation(jdk, notRun(DIGEST + " impl=jdk"));
        rows.add(absoluteRow("artifact digest heap allocated per digest, " + size,
                "flat: < 1 MiB allocated per digest of " + size, oursAlloc, jdkAlloc, "×", v -> v < MIB));
        return rows;
    }

    private Row warmVerifyRow() {
        Value ours = millisPerOp(jmhEntry(VERIFY, Map.of()), pending(VERIFY));
        Value node = readJson("node-warm.json").map(n -> Value.of(n.path("msPerOp").asDouble(), "ms/op",
                        format("%.2f ms/op", n.path("msPerOp").asDouble())))
                .orElseGet(() -> Value.missing(skipped("node-warm")));
        return row("warm bundle verification (sigstore-java 1.0.0 jar bundle)", "≥ 8× faster than @sigstore/verify",
                ours, node, node.number() / ours.number(), "× faster", ratio -> ratio >= 8);
    }

    private Row coldCliRow() {
        Value ours = hyperfineMean("cold-ours");
        Value node = hyperfineMean("cold-node");
        return row("cold CLI verify process (same bundle)", "faster than sigstore verify (@sigstore/cli)", ours, node,
                node.number() / ours.number(), "× faster", ratio -> ratio > 1.0);
    }

    /**
     * Policy rows: judged on decisions per second of the benchmark thread's CPU time ({@link ThreadCpu}), the rate of
     * one core, because on a shared machine the wall-clock rate mostly measures the wait for a core; the wall-clock
     * rate is shown next to it. Without the CPU counter the wall-clock rate is used.
     */
    private List<Row> policyRows() {
        List<Row> rows = new ArrayList<>();
        Value ten = policyRate("10");
        for (String rules : List.of("10", "1000", "10000")) {
            Value rate = policyRate(rules);
            boolean largest = "10000".equals(rules);
            String target = largest ? "≥ 200,000 decisions/s per core; ≤ 2× the cost of 10 rules"
                    : "≥ 200,000 decisions/s per core";
            // Ratio = cost relative to the 10-rule case (time per decision), so 2.0 means twice as slow.
            rows.add(row("policy evaluation, " + rules + " rules, 1 thread", target, rate, ten,
                    ten.number() / rate.number(), "× cost of 10 rules",
                    ratio -> rate.number() >= 200_000 && (!largest || ratio <= 2.0)));
        }
        return rows;
    }

    private Value policyRate(String rules) {
        Optional<JsonNode> entry = jmhEntry(POLICY, Map.of("rules", rules));
        Value wall = throughput(entry, pending(POLICY + " rules=" + rules));
        if (!wall.measured()) {
            return wall;
        }
        OptionalDouble cpu = meanRaw(entry.orElseThrow(), "opsPerCpuSecond");
        if (cpu.isEmpty()) {
            return wall;
        }
        return Value.of(cpu.getAsDouble(), "ops/s", format("%,.0f /s per CPU-second (wall %s)", cpu.getAsDouble(),
                wall.text()));
    }

    /** Mean over the iterations of a secondary metric (JMH sums EVENTS counters over iterations in its score). */
    private static OptionalDouble meanRaw(JsonNode entry, String suffix) {
        JsonNode counter = secondary(entry, suffix);
        if (counter == null) {
            return OptionalDouble.empty();
        }
        double sum = 0;
        int count = 0;
        for (JsonNode fork : counter.path("rawData")) {
            for (JsonNode value : fork) {
                sum += value.asDouble();
                count++;
            }
        }
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / count);
    }

    private Row postgresRow(String benchmark, String figure) {
        Value ours = throughput(jmhEntry(benchmark, Map.of("impl", "ours")), pending(benchmark + " impl=ours"));
        Value jdbc = throughput(jmhEntry(benchmark, Map.of("impl", "jdbc")), notRun(benchmark + " impl=jdbc"));
        return row(figure, "≥ 0.8× bare JDBC insert loop, same server", ours, jdbc, ours.number() / jdbc.number(),
                "×", ratio -> ratio >= 0.8);
    }

    private Row heapRow() {
        Value ours = retained(jmhEntry(HEAP, Map.of("impl", "ours", "count", "10000")), pending(HEAP + " impl=ours"));
        Value map = retained(jmhEntry(HEAP, Map.of("impl", "hashMap", "count", "10000")),
                notRun(HEAP + " impl=hashMap"));
        return absoluteRow("pending approvals held in memory, 10,000", "< 50 MB retained heap "
                + "(baseline: HashMap<String,String>)", ours, map, "×", v -> v < 50_000_000);
    }

    /**
     * Builds a row whose target is on the ratio to the baseline; {@code met} is evaluated only when both values
     * are measured; {@code null} means the figure has no target.
     */
    private static Row row(String figure, String target, Value ours, Value baseline, double ratio, String ratioUnit,
            @CheckForNull DoublePredicate met) {
        String verdict;
        if (met == null) {
            verdict = "n/a";
        } else if (!ours.measured()) {
            verdict = "not measured";
        } else if (!baseline.measured()) {
            verdict = "not measured (no baseline)";
        } else {
            verdict = met.test(ratio) ? "yes" : "NO";
        }
        return new Row(figure, target, ours.text(), baseline.text(), ratioText(ratio, ratioUnit), verdict);
    }

    /** Builds a row whose target is an absolute value of ours; the baseline, if any, is context. */
    private static Row absoluteRow(String figure, String target, Value ours, Value baseline, String ratioUnit,
            DoublePredicate met) {
        String verdict = ours.measured() ? (met.test(ours.number()) ? "yes" : "NO") : "not measured";
        double ratio = ours.number() / baseline.number();
        return new Row(figure, target, ours.text(), baseline.text(), ratioText(ratio, ratioUnit), verdict);
    }

    private static String ratioText(double ratio, String unit) {
        if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
            return "—";
        }
        return format("%.2f", ratio) + (unit.startsWith("×") ? unit : " " + unit);
    }

    private Optional<JsonNode> jmhEntry(String benchmark, Map<String, String> params) {
        return jmh.stream()
                .filter(e -> benchmark.equals(e.path("benchmark").asText()))
                .filter(e -> params.entrySet().stream()
                        .allMatch(p -> p.getValue().equals(e.path("params").path(p.getKey()).asText())))
                .findFirst();
    }

    private Optional<JsonNode> largestDigest(String impl) {
        return jmh.stream()
                .filter(e -> DIGEST.equals(e.path("benchmark").asText()))
                .filter(e -> impl.equals(e.path("params").path("impl").asText()))
                .max(Comparator.comparingInt(e -> e.path("params").path("sizeMiB").asInt()));
    }

    private static Value digestRate(Optional<JsonNode> entry, String reason) {
        return entry.map(e -> {
            double seconds = secondsPerOp(e.path("primaryMetric"));
            double rate = e.path("params").path("sizeMiB").asDouble() / seconds;
            return Value.of(rate, "MiB/s", format("%,.0f MiB/s", rate));
        }).orElseGet(() -> Value.missing(reason));
    }

    private static Value allocation(Optional<JsonNode> entry, String reason) {
        return entry.map(e -> {
            JsonNode norm = secondary(e, "gc.alloc.rate.norm");
            if (norm == null) {
                return Value.missing("run with -prof gc to measure allocation");
            }
            double bytes = norm.path("score").asDouble();
            return Value.of(bytes, "B/op", format("%,.0f B/op", bytes));
        }).orElseGet(() -> Value.missing(reason));
    }

    private static Value throughput(Optional<JsonNode> entry, String reason) {
        return entry.map(e -> {
            double perSecond = 1.0 / secondsPerOp(e.path("primaryMetric"));
            return Value.of(perSecond, "ops/s", format("%,.0f /s", perSecond) + error(e));
        }).orElseGet(() -> Value.missing(reason));
    }

    private static Value millisPerOp(Optional<JsonNode> entry, String reason) {
        return entry.map(e -> {
            double millis = secondsPerOp(e.path("primaryMetric")) * 1000;
            return Value.of(millis, "ms/op", format("%.3f ms/op", millis));
        }).orElseGet(() -> Value.missing(reason));
    }

    private static Value seconds(Optional<JsonNode> entry, String reason) {
        return entry.map(e -> {
            double seconds = secondsPerOp(e.path("primaryMetric"));
            return Value.of(seconds, "s", format("%.3f s", seconds));
        }).orElseGet(() -> Value.missing(reason));
    }

    private static Value retained(Optional<JsonNode> entry, String reason) {
        return entry.map(e -> {
            JsonNode counter = secondary(e, "retainedBytes");
            if (counter == null) {
                return Value.missing("no retainedBytes counter in jmh.json");
            }
            // In single-shot mode JMH sums EVENTS counters over the iterations, so take the per-iteration raw data.
            double min = Double.MAX_VALUE;
            double max = 0;
            double sum = 0;
            int count = 0;
            for (JsonNode fork : counter.path("rawData")) {
                for (JsonNode value : fork) {
                    min = Math.min(min, value.asDouble());
                    max = Math.max(max, value.asDouble());
                    sum += value.asDouble();
                    count++;
                }
            }
            if (count == 0) {
                return Value.missing("no retainedBytes raw data in jmh.json");
            }
            double bytes = sum / count;
            return Value.of(bytes, "B", format("%.2f MB (%.2f–%.2f, %d runs)", bytes / 1_000_000, min / 1_000_000,
                    max / 1_000_000, count));
        }).orElseGet(() -> Value.missing(reason));
    }

    private Value opensslRate() {
        return readJson("openssl.json").map(n -> {
            double rate = n.path("bytes").asDouble() / MIB / n.path("seconds").asDouble();
            double cpu = Double.MAX_VALUE;
            for (JsonNode seconds : n.path("cpuSeconds")) {
                cpu = Math.min(cpu, seconds.asDouble());
            }
            String cpuRate = cpu == Double.MAX_VALUE ? ""
                    : format(" (%,.0f MiB/s of CPU time)", n.path("bytes").asDouble() / MIB / cpu);
            return Value.of(rate, "MiB/s", format("%,.0f MiB/s wall", rate) + cpuRate);
        }).orElseGet(() -> Value.missing(skipped("openssl")));
    }

    private Value hyperfineMean(String name) {
        return readJson(name + ".json").map(n -> {
            JsonNode result = n.path("results").path(0);
            double mean = result.path("mean").asDouble();
            return Value.of(mean, "s", format("%.3f s ± %.3f (%d runs)", mean, result.path("stddev").asDouble(),
                    result.path("times").size()));
        }).orElseGet(() -> Value.missing(skipped(name)));
    }

    /** Reads a small result file, if the run produced it. */
    private Optional<JsonNode> readJson(String name) {
        Path file = results.resolve(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readTree(file.toFile()));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read result file " + file + ": " + e.getMessage(), e);
        }
    }

    private String skipped(String name) {
        Path reason = results.resolve(name + ".skipped");
        try {
            return Files.isRegularFile(reason) ? Files.readString(reason, StandardCharsets.UTF_8).strip()
                    : name + ".json missing from " + results;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + reason + ": " + e.getMessage(), e);
        }
    }

    @CheckForNull
    private static JsonNode secondary(JsonNode entry, String suffix) {
        JsonNode metrics = entry.path("secondaryMetrics");
        for (var field : metrics.properties()) {
            if (field.getKey().endsWith(suffix)) {
                return field.getValue();
            }
        }
        return null;
    }

    /** Converts a JMH score in any of its time units to seconds per operation. */
    static double secondsPerOp(JsonNode metric) {
        double score = metric.path("score").asDouble();
        String unit = metric.path("scoreUnit").asText();
        String[] parts = unit.split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("Unexpected JMH unit '" + unit + "'");
        }
        if ("op".equals(parts[1])) {
            return score * unitSeconds(parts[0]);
        }
        if ("op".equals(parts[0]) || "ops".equals(parts[0])) {
            return unitSeconds(parts[1]) / score;
        }
        throw new IllegalArgumentException("Unexpected JMH unit '" + unit + "'");
    }

    private static double unitSeconds(String unit) {
        return switch (unit) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us" -> 1e-6;
            case "ns" -> 1e-9;
            case "min" -> 60;
            default -> throw new IllegalArgumentException("Unexpected JMH time unit '" + unit + "'");
        };
    }

    /**
     * The spread of the measurement iterations as a range: with the few iterations of run.sh, JMH's 99.9%
     * confidence interval is mostly the Student t factor and says less than the observed minimum and maximum.
     */
    private static String error(JsonNode entry) {
        List<Double> perSecond = new ArrayList<>();
        JsonNode metric = entry.path("primaryMetric");
        for (JsonNode fork : metric.path("rawData")) {
            for (JsonNode value : fork) {
                perSecond.add(1.0 / secondsPerOp(metricOf(value.asDouble(), metric.path("scoreUnit").asText())));
            }
        }
        if (perSecond.size() < 2) {
            return "";
        }
        return format(" (%,.0f–%,.0f, %d iterations)", perSecond.stream().mapToDouble(d -> d).min().orElseThrow(),
                perSecond.stream().mapToDouble(d -> d).max().orElseThrow(), perSecond.size());
    }

    private static JsonNode metricOf(double score, String unit) {
        return new ObjectMapper().createObjectNode().put("score", score).put("scoreUnit", unit);
    }

    /** Reason for a row of our code whose benchmark was not part of this run (e.g. a filtered run). */
    private static String pending(String benchmark) {
        return notRun(benchmark);
    }

    /** Reason for a baseline benchmark that exists but was not part of this run (e.g. a filtered run). */
    private static String notRun(String benchmark) {
        return shortName(benchmark) + " not in jmh.json (not run)";
    }

    private static String shortName(String benchmark) {
        return benchmark.startsWith(PACKAGE) ? benchmark.substring(PACKAGE.length()) : benchmark;
    }

    private String header(String date) {
        String jdk = jmh.isEmpty() ? System.getProperty("java.version")
                : jmh.get(0).path("jdkVersion").asText() + " " + jmh.get(0).path("vmName").asText();
        String node = readJson("node-warm.json").map(n -> n.path("node").asText()).orElse("not run");
        return format("Measured %s on %d cores; JDK %s; node %s; load average (1/5/15 min) %s at start, %s at end;"
                + " verify baselines and CLIs: %s.", date, Runtime.getRuntime().availableProcessors(), jdk, node,
                text("load-start.txt"), text("load-end.txt"), text("network.txt"));
    }

    private String text(String name) {
        Path file = results.resolve(name);
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "unknown";
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static String markdown(List<Row> rows) {
        StringBuilder out = new StringBuilder("| figure | target | ours | baseline | ratio | met? |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(String.join(" | ", row.cells())).append(" |\n");
        }
        return out.toString();
    }

    static String plain(List<Row> rows) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(List.of("figure", "target", "ours", "baseline", "ratio", "met?"));
        rows.forEach(row -> lines.add(row.cells()));
        int[] widths = new int[6];
        for (List<String> line : lines) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int l = 0; l < lines.size(); l++) {
            List<String> line = lines.get(l);
            for (int i = 0; i < widths.length; i++) {
                out.append(i == 0 ? "" : " | ").append(pad(line.get(i), widths[i]));
            }
            out.append('\n');
            if (l == 0) {
                for (int i = 0; i < widths.length; i++) {
                    out.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
