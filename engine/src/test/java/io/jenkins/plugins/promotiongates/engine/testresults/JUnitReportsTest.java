package io.jenkins.plugins.promotiongates.engine.testresults;

import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JUnitReportsTest {
    private static final String SUREFIRE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="io.example.ShopTest" time="0.42"
                       tests="12" errors="1" skipped="2" failures="1">
              <properties><property name="java.version" value="17"/></properties>
              <testcase name="shouldSell" classname="io.example.ShopTest" time="0.01"/>
              <testcase name="shouldFail" classname="io.example.ShopTest"><failure message="boom">trace</failure></testcase>
            </testsuite>
            """;

    @TempDir
    Path dir;

    private Path write(String name, String xml) throws IOException {
        return Files.writeString(dir.resolve(name), xml, StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadSurefireSuiteCountingErrorsAsFailures() throws IOException {
        assertThat(JUnitReports.read(List.of(write("TEST-shop.xml", SUREFIRE)))).isEqualTo(new TestEvidence(12, 2, 2));
    }

    @Test
    void shouldSumSuitesOfTestsuitesWrapperAndSeveralFiles() throws IOException {
        Path wrapper = write("pytest.xml", """
                <testsuites tests="99">
                  <testsuite name="a" tests="3" failures="0" errors="0" skipped="1"/>
                  <testsuite name="b" tests="4" failures="2"/>
                </testsuites>
                """);
        Path surefire = write("TEST-shop.xml", SUREFIRE);

        assertThat(JUnitReports.read(List.of(wrapper, surefire))).isEqualTo(new TestEvidence(19, 4, 3));
    }

    @Test
    void shouldCountOnlyInnermostSuitesWhenSuitesNest() throws IOException {
        byte[] nested = """
                <testsuites>
                  <testsuite name="all" tests="5" failures="1">
                    <testsuite name="unit" tests="3"/>
                    <testsuite name="it" tests="2" failures="1"/>
                  </testsuite>
                </testsuites>
                """.getBytes(StandardCharsets.UTF_8);

        assertThat(JUnitReports.read("nested.xml", nested)).isEqualTo(new TestEvidence(5, 1, 0));
    }

    @Test
    void shouldReturnZeroCountsForEmptyList() throws IOException {
        assertThat(JUnitReports.read(List.of())).isEqualTo(new TestEvidence(0, 0, 0));
    }

    @ParameterizedTest(name = "{0}=\"{1}\" is refused")
    @CsvSource({"tests, -1", "failures, -2", "errors, x", "skipped, 1.5", "tests, 12345678901", "tests, ' '"})
    void shouldNameFileAndAttributeWhenCountIsNotANonNegativeWholeNumber(String attribute, String value)
            throws IOException {
        String tests = attribute.equals("tests") ? "" : "tests=\"9\" ";
        Path report = write("TEST-bad.xml", "<testsuite name=\"s\"\n " + tests + attribute + "=\"" + value + "\"/>");

        assertThatThrownBy(() -> JUnitReports.read(List.of(report)))
                .isInstanceOf(MalformedReportException.class)
                .hasMessageStartingWith(report + ": testsuite 's' (line 2) attribute " + attribute + "=\"" + value + "\"")
                .hasMessageContaining("not a non-negative whole number")
                .extracting(e -> ((MalformedReportException) e).report()).isEqualTo(report.toString());
    }

    @Test
    void shouldRefuseSuiteThatFailsMoreTestsThanItRan() throws IOException {
        Path report = write("TEST-odd.xml", "<testsuite name=\"s\" tests=\"2\" failures=\"2\" errors=\"1\"/>");

        assertThatThrownBy(() -> JUnitReports.read(List.of(report)))
                .isInstanceOf(MalformedReportException.class)
                .hasMessageStartingWith(report + ": testsuite 's'")
                .hasMessageContaining("3 failures/errors and 0 skipped out of only 2 tests");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "truncated|<testsuite tests=\"1\">|not a well-formed JUnit XML report",
            "empty||not a well-formed JUnit XML report",
            "not XML|tests: 3|not a well-formed JUnit XML report",
            "other root|<html><testsuite tests=\"1\"/></html>|expected a <testsuite> or <testsuites> root element, found <html>"})
    void shouldNameFileWhenReportIsMalformed(String label, String xml, String message) throws IOException {
        Path report = write("report.xml", xml == null ? "" : xml);

        assertThatThrownBy(() -> JUnitReports.read(List.of(report)))
                .isInstanceOf(MalformedReportException.class)
                .hasMessageStartingWith(report + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void shouldRefuseExternalEntityWithoutReadingIt() throws IOException {
        Path secret = write("secret.txt", "do-not-leak-this-secret");
        Path report = write("TEST-xxe.xml", "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE testsuite [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<testsuite name=\"&xxe;\" tests=\"&xxe;\"/>");

        assertThatThrownBy(() -> JUnitReports.read(List.of(report)))
                .isInstanceOf(MalformedReportException.class)
                .hasMessageStartingWith(report + ": ")
                .hasMessageContaining("DOCTYPE is not allowed")
                .hasMessageNotContaining("do-not-leak-this-secret");
    }

    @Test
    void shouldRefuseEntityExpansionBomb() {
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
                + "<testsuite name=\"&b;\" tests=\"1\"/>";

        assertThatThrownBy(() -> JUnitReports.read("bomb.xml", bomb.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedReportException.class)
                .hasMessageStartingWith("bomb.xml: ")
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void shouldAddCounts() {
        assertThat(JUnitReports.add(new TestEvidence(3, 1, 1), new TestEvidence(4, 0, 2)))
                .isEqualTo(new TestEvidence(7, 1, 3));
    }
}
