package io.jenkins.plugins.promotiongates.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportTableTest {
    @TempDir
    Path results;

    @ParameterizedTest(name = "{0} {1} = {2} s/op")
    @CsvSource({
        "2.0, s/op, 2.0",
        "500, ms/op, 0.5",
        "4000, ops/s, 0.00025",
        "2, ops/ms, 0.0005",
        "3, us/op, 0.000003"})
    void shouldConvertEveryJmhTimeUnitToSecondsPerOperation(double score, String unit, double expected)
            throws IOException {
        var metric = new ObjectMapper().readTree("{\"score\": " + score + ", \"scoreUnit\": \"" + unit + "\"}");

        assertThat(ReportTable.secondsPerOp(metric)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void shouldRejectAnUnknownUnitInsteadOfGuessing() throws IOException {
        var metric = new ObjectMapper().readTree("{\"score\": 1, \"scoreUnit\": \"#\"}");

        assertThatThrownBy(() -> ReportTable.secondsPerOp(metric)).hasMessageContaining("'#'");
    }

    @Test
    void shouldSayNotMeasuredWithReasonWhenNothingWasRun() throws IOException {
        Files.writeString(results.resolve("cold-ours.skipped"), "CLI verify not built\n");

        List<ReportTable.Row> rows = new ReportTable(results).rows();

        assertThat(rows).allSatisfy(row -> assertThat(row.met()).isIn("not measured", "n/a"));
        assertThat(row(rows, "cold CLI").ours()).isEqualTo("not measured: CLI verify not built");
        assertThat(row(rows, "warm bundle").baseline()).startsWith("not measured: node-warm.json missing");
        assertThat(row(rows, "full gate").ours()).isEqualTo("not measured: GateBenchmark.gate not in jmh.json (not run)");
    }

    @Test
    void shouldComputeRatioAndVerdictFromBothMeasurements() throws IOException {
        writeJmh(digest("jdk", 1000.0), digest("ours", 1100.0));

        ReportTable.Row digest = row(new ReportTable(results).rows(), "artifact digest throughput");

        assertThat(digest.ours()).isEqualTo("931 MiB/s");
        assertThat(digest.baseline()).isEqualTo("1,024 MiB/s");
        assertThat(digest.ratio()).isEqualTo("0.91×");
        assertThat(digest.met()).isEqualTo("NO");
    }

    @Test
    void shouldMeetTheDigestTargetWhenOursIsAsFastAsTheJdkLoop() throws IOException {
        writeJmh(digest("jdk", 1000.0), digest("ours", 1000.0));

        ReportTable.Row digest = row(new ReportTable(results).rows(), "artifact digest throughput");

        assertThat(digest.ratio()).isEqualTo("1.00×");
        assertThat(digest.met()).isEqualTo("yes");
    }

    @Test
    void shouldJudgePolicyRowsOnTheMeanRateOfOneCpuSecond() throws IOException {
        // JMH sums EVENTS counters over iterations in the score; the per-iteration raw data gives the rate.
        writeJmh(policy("10", 100_000, 300_000, 500_000), policy("10000", 90_000, 150_000, 170_000));

        List<ReportTable.Row> rows = new ReportTable(results).rows();

        ReportTable.Row ten = row(rows, "policy evaluation, 10 rules");
        ReportTable.Row most = row(rows, "policy evaluation, 10000 rules");
        assertThat(ten.ours()).startsWith("400,000 /s per CPU-second (wall 100,000 /s");
        assertThat(ten.met()).isEqualTo("yes");
        assertThat(most.ours()).startsWith("160,000 /s per CPU-second");
        assertThat(most.ratio()).isEqualTo("2.50× cost of 10 rules");
        assertThat(most.met()).isEqualTo("NO");
    }

    @Test
    void shouldReadTheWarmRunOfVerificationAndGateToo() throws IOException {
        Files.writeString(results.resolve("jmh-warm.json"), "[{\"benchmark\": \"" + ReportTable.GATE
                + "\", \"params\": {}, \"primaryMetric\": {\"score\": 1200, \"scoreUnit\": \"ops/s\", "
                + "\"rawData\": [[1200]]}, \"secondaryMetrics\": {}}]", StandardCharsets.UTF_8);

        ReportTable.Row gate = row(new ReportTable(results).rows(), "full gate");

        assertThat(gate.ours()).isEqualTo("1,200 /s");
        assertThat(gate.met()).isEqualTo("yes");
    }

    @Test
    void shouldRenderOneMarkdownLinePerRow() throws IOException {
        List<ReportTable.Row> rows = new ReportTable(results).rows();

        String markdown = ReportTable.markdown(rows);

        assertThat(markdown.lines()).hasSize(rows.size() + 2).first().isEqualTo(
                "| figure | target | ours | baseline | ratio | met? |");
    }

    private static ReportTable.Row row(List<ReportTable.Row> rows, String prefix) {
        return rows.stream().filter(r -> r.figure().startsWith(prefix)).findFirst().orElseThrow();
    }

    private static String digest(String impl, double millis) {
        return "{\"benchmark\": \"" + ReportTable.DIGEST + "\", \"params\": {\"impl\": \"" + impl
                + "\", \"sizeMiB\": \"1024\"}, \"primaryMetric\": {\"score\": " + millis
                + ", \"scoreError\": 0, \"scoreUnit\": \"ms/op\"}, \"secondaryMetrics\": {}}";
    }

    private static String policy(String rules, double wallPerSecond, double cpuRate1, double cpuRate2) {
        return "{\"benchmark\": \"" + ReportTable.POLICY + "\", \"params\": {\"rules\": \"" + rules
                + "\"}, \"primaryMetric\": {\"score\": " + wallPerSecond + ", \"scoreUnit\": \"ops/s\", "
                + "\"rawData\": [[" + wallPerSecond + "]]}, \"secondaryMetrics\": {\"opsPerCpuSecond\": {\"score\": "
                + (cpuRate1 + cpuRate2) + ", \"rawData\": [[" + cpuRate1 + ", " + cpuRate2 + "]]}}}";
    }

    private void writeJmh(String... entries) throws IOException {
        Files.writeString(results.resolve("jmh.json"), "[" + String.join(",", entries) + "]", StandardCharsets.UTF_8);
    }
}
