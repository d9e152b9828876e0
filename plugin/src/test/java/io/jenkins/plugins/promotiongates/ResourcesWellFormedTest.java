package io.jenkins.plugins.promotiongates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xml.sax.SAXParseException;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every .jelly and .html resource is well-formed XML (Jelly refuses anything else at render time). */
class ResourcesWellFormedTest {
    private static final Path RESOURCES = Path.of("src/main/resources");

    static List<Path> resources() throws IOException {
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            return files.filter(f -> f.toString().endsWith(".jelly") || f.toString().endsWith(".html")).sorted().toList();
        }
    }

    private static void parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.newDocumentBuilder().parse(file.toFile());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resources")
    void shouldBeWellFormedXml(Path file) throws Exception {
        parse(file);
    }

    @Test
    void shouldFindEveryStepsHelpAndConfig() throws IOException {
        assertThat(resources()).extracting(p -> RESOURCES.relativize(p).toString().replace('\\', '/')).contains(
                "io/jenkins/plugins/promotiongates/steps/PromotionGateStep/config.jelly",
                "io/jenkins/plugins/promotiongates/steps/PromotionGateStep/help-artifacts.html",
                "io/jenkins/plugins/promotiongates/steps/PromotionGateStep/help-testResults.html",
                "io/jenkins/plugins/promotiongates/credentials/WithPromotionCredentialsStep/help.html",
                "io/jenkins/plugins/promotiongates/steps/RecordDeploymentStep/help-outcome.html",
                "io/jenkins/plugins/promotiongates/config/PromotionGatesConfiguration/config.jelly",
                "io/jenkins/plugins/promotiongates/approval/PromotionApprovalAction/index.jelly",
                "io/jenkins/plugins/promotiongates/approval/PromotionDecisionAction/summary.jelly");
    }

    @Test
    void shouldRejectMalformedXml(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.jelly"), "<j:jelly xmlns:j=\"jelly:core\"><div></j:jelly>");
        assertThatThrownBy(() -> parse(bad)).isInstanceOf(SAXParseException.class);
    }
}
