package io.jenkins.plugins.promotiongates.steps;

import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CollectTestResultsTest {
    @TempDir
    Path workspace;

    @ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
    @CsvSource({
            "**/target/surefire-reports/TEST-*.xml, target/surefire-reports/TEST-a.xml, true",
            "**/target/surefire-reports/TEST-*.xml, shop/web/target/surefire-reports/TEST-a.xml, true",
            "**/target/surefire-reports/TEST-*.xml, target/surefire-reports/sub/TEST-a.xml, false",
            "**/target/surefire-reports/TEST-*.xml, target/surefire-reports/TEST-a.xml.bak, false",
            "build/test-results/**/*.xml, build/test-results/test/TEST-a.xml, true",
            "build/test-results/**/*.xml, build/test-results/TEST-a.xml, true",
            "build/test-results/, build/test-results/test/TEST-a.xml, true",
            "reports/TEST-?.xml, reports/TEST-a.xml, true",
            "reports/TEST-?.xml, reports/TEST-ab.xml, false",
            "reports/*.xml, reports/x/a.xml, false",
            "reports/a+b.xml, reports/a+b.xml, true",
            "reports/a+b.xml, reports/aab.xml, false"})
    void shouldMatchLikeAnt(String glob, String path, boolean matches) {
        assertThat(CollectTestResults.antToRegex(glob).matcher(path).matches()).isEqualTo(matches);
    }

    @Test
    void shouldCountAfterTravellingToTheAgentAndBack() throws Exception {
        Files.createDirectories(workspace.resolve("a"));
        Files.writeString(workspace.resolve("a/TEST-one.xml"), "<testsuite tests=\"4\" failures=\"1\" skipped=\"1\"/>");
        Files.writeString(workspace.resolve("TEST-two.xml"), "<testsuite tests=\"2\"/>");
        Files.writeString(workspace.resolve("other.xml"), "<testsuite tests=\"100\"/>");

        CollectTestResults callable = roundTrip(new CollectTestResults(" ./**/TEST-*.xml , nothing/*.xml"));
        CollectTestResults.Found found = roundTrip(callable.invoke(workspace.toFile(), null));

        assertThat(found).isEqualTo(new CollectTestResults.Found(2, 6, 1, 1));
        assertThat(found.evidence()).isEqualTo(new TestEvidence(6, 1, 1));
        assertThat(new CollectTestResults.Found(0, 0, 0, 0).evidence()).isNull();
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
