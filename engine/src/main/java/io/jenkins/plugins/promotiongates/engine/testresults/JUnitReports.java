package io.jenkins.plugins.promotiongates.engine.testresults;

import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Reads test counts from JUnit XML reports (Surefire, Gradle, pytest and go-junit-report all write this format).
 * The root is a {@code <testsuite>} or a {@code <testsuites>} wrapper; the counts are the {@code tests},
 * {@code failures} + {@code errors} and {@code skipped} attributes of every innermost {@code <testsuite>} (an
 * enclosing suite's totals would count its children twice); a missing attribute counts 0.
 *
 * <p>Reports come from builds that the promoting user or agent controls, so the reader is strict: no DOCTYPE (hence
 * no external entities), a count must be a non-negative whole number, and a suite cannot fail or skip more tests
 * than it ran. It streams (StAX), so a large report costs no more memory than a small one.
 */
public final class JUnitReports {
    private static final String SUITE = "testsuite";
    private static final String SUITES = "testsuites";

    private JUnitReports() {
    }

    /** Sums the counts of the given report files; the error names the file that is wrong. */
    public static TestEvidence read(List<Path> reports) throws IOException {
        TestEvidence sum = new TestEvidence(0, 0, 0);
        for (Path report : reports) {
            try (InputStream in = Files.newInputStream(report)) {
                sum = sum(report.toString(), sum, read(report.toString(), in));
            }
        }
        return sum;
    }

    /** The counts of one report held in memory; {@code name} is used in error messages. */
    public static TestEvidence read(String name, byte[] xml) throws IOException {
        return read(name, new ByteArrayInputStream(xml));
    }

    /** The counts of one report read from the stream (not closed here); {@code name} is used in error messages. */
    public static TestEvidence read(String name, InputStream xml) throws IOException {
        XMLStreamReader reader;
        try {
            reader = factory().createXMLStreamReader(xml);
        } catch (XMLStreamException e) {
            throw new MalformedReportException(name, "not a well-formed JUnit XML report: " + e.getMessage(), e);
        }
        try {
            return counts(name, reader);
        } catch (XMLStreamException e) {
            throw new MalformedReportException(name, "not a well-formed JUnit XML report: " + e.getMessage(), e);
        } finally {
            try {
                reader.close();
            } catch (XMLStreamException e) {
                // the counts (or the error) are already known; closing frees nothing that matters
            }
        }
    }

    /** Adds two counts (used to sum reports read one by one, for example on an agent). */
    public static TestEvidence add(TestEvidence a, TestEvidence b) {
        return new TestEvidence(Math.addExact(a.total(), b.total()), Math.addExact(a.failed(), b.failed()),
                Math.addExact(a.skipped(), b.skipped()));
    }

    /**
     * {@link #add}, but counts beyond an {@code int} make the report malformed rather than an
     * {@link ArithmeticException} escaping the reader (found by ParserFuzzTest's seed counts-overflow-int.xml).
     */
    public static TestEvidence sum(String name, TestEvidence a, TestEvidence b) throws MalformedReportException {
        try {
            return add(a, b);
        } catch (ArithmeticException e) {
            throw new MalformedReportException(name, "the test counts add up to more than " + Integer.MAX_VALUE, e);
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // No DTD processing and no external entities: a DOCTYPE is refused outright below.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        return factory;
    }

    private static TestEvidence counts(String name, XMLStreamReader reader) throws XMLStreamException, IOException {
        /* One frame per open <testsuite>: its own counts, and whether a nested suite makes it a mere wrapper. */
        Deque<Frame> open = new ArrayDeque<>();
        TestEvidence sum = new TestEvidence(0, 0, 0);
        boolean rootSeen = false;
        while (reader.hasNext()) {
            int event = next(name, reader);
            if (event == XMLStreamConstants.DTD) {
                throw new MalformedReportException(name, "a DOCTYPE is not allowed in a JUnit report" + at(reader), null);
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                String element = reader.getLocalName();
                if (!rootSeen) {
                    rootSeen = true;
                    if (!SUITE.equals(element) && !SUITES.equals(element)) {
                        throw new MalformedReportException(name, "expected a <testsuite> or <testsuites> root element,"
                                + " found <" + element + ">" + at(reader), null);
                    }
                }
                if (SUITE.equals(element)) {
                    if (!open.isEmpty()) {
                        open.peek().wrapper = true;
                    }
                    open.push(new Frame(suite(name, reader)));
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && SUITE.equals(reader.getLocalName())) {
                Frame frame = open.pop();
                if (!frame.wrapper) {
                    sum = sum(name, sum, frame.counts);
                }
            }
        }
        if (!rootSeen) {
            throw new MalformedReportException(name, "not a well-formed JUnit XML report: no root element", null);
        }
        return sum;
    }

    /**
     * The JDK's parser can fail on hostile bytes with an unchecked exception instead of an XMLStreamException (a
     * DOCTYPE with a control character ends in a MissingResourceException for its own message key; found by
     * ParserFuzzTest, seed dtd-invalid-char-parser-throws-missing-resource.xml). Such a report is malformed too.
     */
    private static int next(String name, XMLStreamReader reader) throws XMLStreamException, IOException {
        try {
            return reader.next();
        } catch (RuntimeException e) {
            throw new MalformedReportException(name, "not a well-formed JUnit XML report: the XML parser failed ("
                    + e.getClass().getSimpleName() + ")" + at(reader), e);
        }
    }

    private static TestEvidence suite(String name, XMLStreamReader reader) throws IOException {
        int tests = count(name, reader, "tests");
        int failures = count(name, reader, "failures");
        int errors = count(name, reader, "errors");
        int skipped = count(name, reader, "skipped");
        long failed = (long) failures + errors;
        if (failed + skipped > tests) {
            throw new MalformedReportException(name, "testsuite '" + suiteName(reader) + "'" + at(reader) + " counts "
                    + failed + " failures/errors and " + skipped + " skipped out of only " + tests + " tests", null);
        }
        return new TestEvidence(tests, (int) failed, skipped);
    }

    private static int count(String name, XMLStreamReader reader, String attribute) throws IOException {
        String value = reader.getAttributeValue(null, attribute);
        if (value == null || value.isEmpty()) {
            return 0;
        }
        String trimmed = value.trim();
        if (!trimmed.isEmpty() && trimmed.length() <= 9 && trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Integer.parseInt(trimmed);
        }
        throw new MalformedReportException(name, "testsuite '" + suiteName(reader) + "'" + at(reader) + " attribute "
                + attribute + "=\"" + value + "\" is not a non-negative whole number (at most 999999999)", null);
    }

    private static String suiteName(XMLStreamReader reader) {
        String suite = reader.getAttributeValue(null, "name");
        return suite == null ? "" : suite;
    }

    private static String at(XMLStreamReader reader) {
        Location location = reader.getLocation();
        return location == null || location.getLineNumber() < 0 ? "" : " (line " + location.getLineNumber() + ")";
    }

    private static final class Frame {
        private final TestEvidence counts;
        private boolean wrapper;

        Frame(TestEvidence counts) {
            this.counts = counts;
        }
    }
}
