package io.jenkins.plugins.promotiongates.packaging;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real build is wired so that ci.jenkins.io builds and tests the real plugin (defect 10), and every library the
 * plugin leaves out of its .hpi has a provider at run time (defect 9).
 */
class RealBuildConfigurationTest {
    /**
     * Provided only for javac, never loaded at run time, so no provider in Jenkins is needed: jsr305, whose
     * meta-annotations on spotbugs-annotations' types Error Prone makes javac read (pom-offline.xml says why).
     */
    private static final Set<String> COMPILE_ONLY = Set.of("com.google.code.findbugs:jsr305");

    private final PackagingFacts facts = PackagingFacts.load();

    @Test
    void shouldActivateTheJenkinsProfileOnCiJenkinsIoWhereBuildPluginPassesNoProfile() throws Exception {
        Element profile = profile(PackagedArchive.path("root.pom"), "jenkins");
        // Jenkins sets JENKINS_URL for every build; buildPlugin (jenkins-infra/pipeline-library vars/buildPlugin.groovy)
        // runs "mvn ... clean install" at the root with only its own -P options.
        Element property = (Element) profile.getElementsByTagName("property").item(0);
        assertThat(property).as("jenkins profile activation").isNotNull();
        assertThat(text(property, "name")).isEqualTo("env.JENKINS_URL");
        assertThat(text(property, "value")).isEqualTo("https://ci.jenkins.io/");
        assertThat(modules(profile)).contains("plugin");

        String jenkinsfile = Files.readString(PackagedArchive.path("jenkinsfile"), StandardCharsets.UTF_8);
        assertThat(jenkinsfile).contains("buildPlugin(").doesNotContain("skip: true");
    }

    @Test
    void shouldRunTheJenkinsRuleTestsInTheRealBuild() throws Exception {
        Element project = document(PackagedArchive.path("plugin.pom"));
        Element build = (Element) project.getElementsByTagName("build").item(0);
        assertThat(text(build, "testSourceDirectory")).isEqualTo("src/jenkins-test/java");
        assertThat(Files.isDirectory(PackagedArchive.path("plugin.pom").resolveSibling("src/jenkins-test/java")))
                .isTrue();
    }

    @Test
    void shouldHaveAProviderInJenkinsForEveryLibraryTheHpiLeavesOut() {
        List<String> orphans = new ArrayList<>();
        for (PomFile.Dependency d : facts.offlinePom().dependencies()) {
            boolean standIn = d.scope().equals("provided") && !d.groupId().equals("io.jenkins.plugins")
                    && !COMPILE_ONLY.contains(d.ga());
            if (standIn && facts.provider(d.ga()).isEmpty()) {
                orphans.add(d.ga() + " is left out of the .hpi (provided in pom-offline.xml) but neither core nor a"
                        + " plugin plugin/pom.xml depends on provides it");
            }
        }
        assertThat(orphans).isEmpty();
    }

    private static Element profile(Path pom, String id) throws Exception {
        NodeList profiles = document(pom).getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element p = (Element) profiles.item(i);
            if (id.equals(text(p, "id"))) {
                return p;
            }
        }
        throw new AssertionError(pom + " has no profile " + id);
    }

    private static List<String> modules(Element profile) {
        List<String> out = new ArrayList<>();
        NodeList m = profile.getElementsByTagName("module");
        for (int i = 0; i < m.getLength(); i++) {
            out.add(m.item(i).getTextContent().trim());
        }
        return out;
    }

    private static Element document(Path pom) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
    }

    private static String text(Element e, String child) {
        NodeList n = e.getElementsByTagName(child);
        return n.getLength() == 0 ? null : n.item(0).getTextContent().trim();
    }
}
