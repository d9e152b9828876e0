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
        assertThat(row(rows, "full gate").ours()).isEqualTo("not measured: pending merge, no GateBenchmark.gate in "
                + "jmh.json");
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

    private void writeJmh(String... entries) throws IOException {
        Files.writeString(results.resolve("jmh.json"), "[" + String.join(",", entries) + "]", StandardCharsets.UTF_8);
    }
}
