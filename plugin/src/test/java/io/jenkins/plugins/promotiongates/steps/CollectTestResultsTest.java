package io.jenkins.plugins.promotiongates.steps;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CollectTestResultsTest {
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
}
