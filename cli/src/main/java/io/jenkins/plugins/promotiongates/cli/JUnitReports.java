package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads test counts from JUnit XML reports (Surefire, Gradle, pytest, go-junit-report all write this format),
 * so that the CLI gate sees the same test evidence as the Jenkins plugin.
 */
final class JUnitReports {
    private JUnitReports() {
    }

    /** Sums tests, failures + errors and skipped over every {@code testsuite} element of the given reports. */
    static TestEvidence read(List<Path> reports) throws IOException {
        int total = 0;
        int failed = 0;
        int skipped = 0;
        for (Path report : reports) {
            Document document = parse(report);
            Element root = document.getDocumentElement();
            NodeList suites = "testsuite".equals(root.getTagName()) ? null : root.getElementsByTagName("testsuite");
            if (suites == null) {
                int[] counts = counts(root, report);
                total += counts[0];
                failed += counts[1];
                skipped += counts[2];
            } else {
                if (!"testsuites".equals(root.getTagName())) {
                    throw new IOException(report + ": expected a <testsuite> or <testsuites> root element, found <"
                            + root.getTagName() + ">");
                }
                for (int i = 0; i < suites.getLength(); i++) {
                    int[] counts = counts((Element) suites.item(i), report);
                    total += counts[0];
                    failed += counts[1];
                    skipped += counts[2];
                }
            }
        }
        return new TestEvidence(total, failed, skipped);
    }

    private static int[] counts(Element suite, Path report) throws IOException {
        int tests = attribute(suite, "tests", report);
        int failures = attribute(suite, "failures", report) + attribute(suite, "errors", report);
        int skipped = attribute(suite, "skipped", report);
        if (failures + skipped > tests) {
            throw new IOException(report + ": testsuite '" + suite.getAttribute("name") + "' counts " + failures
                    + " failures/errors and " + skipped + " skipped out of only " + tests + " tests");
        }
        return new int[] {tests, failures, skipped};
    }

    private static int attribute(Element suite, String name, Path report) throws IOException {
        String value = suite.getAttribute(name);
        if (value.isEmpty()) {
            return 0;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 0) {
                throw new NumberFormatException("negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IOException(report + ": testsuite attribute " + name + "=\"" + value
                    + "\" is not a non-negative whole number", e);
        }
    }

    private static Document parse(Path report) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // Reports come from builds an agent controls: no DTDs, no external entities.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(report.toFile());
        } catch (SAXException e) {
            throw new IOException(report + ": not a well-formed JUnit XML report: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be configured securely", e);
        }
    }
}
