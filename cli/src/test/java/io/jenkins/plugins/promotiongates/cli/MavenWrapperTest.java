package io.jenkins.plugins.promotiongates.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Maven wrapper (mvnw, .mvn/wrapper) runs the Maven version the build requires and CI uses, from the Apache
 * release archive, checked by its SHA-256.
 */
class MavenWrapperTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern REQUIRED = Pattern.compile(
            "<requireMavenVersion>\\s*<version>\\[([0-9.]+),\\)</version>");

    @Test
    void shouldPinTheMavenVersionTheEnforcerRequires() throws IOException {
        Matcher required = REQUIRED.matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(required.find()).as("root pom.xml has requireMavenVersion [x,)").isTrue();
        String version = required.group(1);

        String url = wrapper().getProperty("distributionUrl");

        assertThat(url).isEqualTo("https://archive.apache.org/dist/maven/maven-3/" + version + "/binaries/apache-maven-"
                + version + "-bin.zip");
    }

    @Test
    void shouldCheckTheDistributionBySha256() throws IOException {
        assertThat(wrapper().getProperty("distributionSha256Sum")).matches("[0-9a-f]{64}");
    }

    @Test
    void shouldNameOnlyTheApacheArchiveAsDownloadHost() throws IOException {
        for (String script : new String[] {"mvnw", "mvnw.cmd", ".mvn/wrapper/maven-wrapper.properties"}) {
            Matcher hosts = Pattern.compile("https?://([^/\\s\"']+)").matcher(Files.readString(ROOT.resolve(script)));
            while (hosts.find()) {
                // www.apache.org: the licence header's address
                assertThat(hosts.group(1)).as(script).isIn("archive.apache.org", "www.apache.org");
            }
        }
    }

    @Test
    void shouldBeTheMavenThatCiRunsTheBuildWith() throws IOException {
        // .ci/run uses the machine's mvn (the wrapper cannot download there); CONTRIBUTING names the version it is
        String version = wrapper().getProperty("distributionUrl").replaceAll(".*/apache-maven-([0-9.]+)-bin\\.zip", "$1");

        assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains("mvn -B verify");
        assertThat(Files.readString(ROOT.resolve("CONTRIBUTING.md"))).contains("Maven " + version + " (");
    }

    private static Properties wrapper() throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(ROOT.resolve(".mvn/wrapper/maven-wrapper.properties"))) {
            properties.load(in);
        }
        return properties;
    }
}
