package io.jenkins.plugins.promotiongates.packaging;

import hudson.Extension;
import jenkins.YesNoMaybe;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code target-offline/promotion-gates.hpi} has the layout maven-hpi-plugin gives plugin/pom.xml (jenkinsci/
 * maven-hpi-plugin at bcb67d71: {@code HpiMojo.performPackaging}, {@code AbstractHpiMojo.buildWebapp},
 * {@code AbstractJenkinsManifestMojo.setAttributes}): the manifest keys with the values plugin/pom.xml and the BOM
 * determine, the plugin's classes as {@code WEB-INF/lib/<artifactId>.jar} (plugin-pom's finalName) under the same
 * manifest with their indexes and {@code index.jelly}, and in {@code WEB-INF/lib} exactly the bundled runtime jars,
 * none of which core or a declared library plugin provides.
 */
class HpiLayoutTest {
    private final PackagingFacts facts = PackagingFacts.load();
    private final Path hpi = PackagedArchive.path("offline.hpi");

    @Test
    void shouldCarryTheManifestMavenHpiPluginWritesForThePluginPom() throws IOException {
        PomFile pom = facts.pluginPom();
        Attributes main = manifest(hpi);

        assertThat(main.getValue("Group-Id")).isEqualTo(pom.project().get("groupId"));
        assertThat(main.getValue("Artifact-Id")).isEqualTo(pom.project().get("artifactId"));
        assertThat(main.getValue("Short-Name")).isEqualTo(pom.project().get("artifactId"));
        assertThat(main.getValue("Long-Name")).isEqualTo(pom.project().get("name"));
        assertThat(main.getValue("Url")).isEqualTo(pom.resolve(pom.project().get("url")));
        String jenkins = pom.resolve("${jenkins.version}");
        assertThat(main.getValue("Jenkins-Version")).isEqualTo(jenkins).isEqualTo("2.541.3");
        assertThat(main.getValue("Hudson-Version")).isEqualTo(jenkins);
        assertThat(main.getValue("Plugin-Version")).startsWith(facts.offlinePom().project().get("version").isEmpty()
                ? "0.1.0-SNAPSHOT" : facts.offlinePom().project().get("version"));
        // No <developers> in the POM: Maven gives an empty list, and the plugin writes the key with an empty value.
        assertThat(main.getValue("Plugin-Developers")).isEmpty();
        assertThat(main.getValue("Plugin-License-Name")).isEqualTo("MIT License");
        // Written only for a hudson.Plugin subclass (META-INF/services/hudson.Plugin), for Mask-Classes or
        // pluginFirstClassLoader, none of which the plugin uses; Minimum-Java-Version is no longer written.
        assertThat(main.getValue("Plugin-Class")).isNull();
        assertThat(main.getValue("Mask-Classes")).isNull();
        assertThat(main.getValue("PluginFirstClassLoader")).isNull();
        assertThat(main.getValue("Minimum-Java-Version")).isNull();
    }

    @Test
    void shouldListEachDeclaredPluginWithTheBomVersionAsPluginDependencies() throws IOException {
        List<String> expected = new ArrayList<>();
        for (String ga : facts.declaredPlugins()) {
            String version = facts.platform().bomVersion(ga)
                    .orElseThrow(() -> new AssertionError(ga + " is not managed by the BOM"));
            expected.add(ga.substring(ga.indexOf(':') + 1) + ":" + version);
        }

        assertThat(manifest(hpi).getValue("Plugin-Dependencies")).isEqualTo(String.join(",", expected));
    }

    @Test
    void shouldWriteSupportDynamicLoadingOnlyWhenEveryExtensionSaysSo() throws IOException {
        Set<YesNoMaybe> loadable = new TreeSet<>();
        for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class,
                PackagedArchive.indexesOnlyFrom(PackagedArchive.path("offline.jar")))) {
            loadable.add(item.annotation().dynamicLoadable());
        }
        String expected = loadable.contains(YesNoMaybe.NO) ? "false" : loadable.contains(YesNoMaybe.MAYBE) ? null : "true";

        assertThat(manifest(hpi).getValue("Support-Dynamic-Loading")).isEqualTo(expected);
    }

    @Test
    void shouldHoldThePluginClassesAsWebInfLibArtifactIdJarWithIndexesAndTheSameManifest() throws IOException {
        String artifactId = facts.pluginPom().project().get("artifactId");
        try (JarFile archive = new JarFile(hpi.toFile())) {
            JarEntry entry = archive.getJarEntry("WEB-INF/lib/" + artifactId + ".jar");
            assertThat(entry).as("WEB-INF/lib/" + artifactId + ".jar").isNotNull();
            assertThat(archive.getJarEntry("WEB-INF/classes/")).isNull();
            try (JarInputStream inner = new JarInputStream(archive.getInputStream(entry))) {
                assertThat(inner.getManifest().getMainAttributes()).isEqualTo(manifest(hpi));
                Set<String> names = new TreeSet<>();
                for (JarEntry e = inner.getNextJarEntry(); e != null; e = inner.getNextJarEntry()) {
                    names.add(e.getName());
                }
                assertThat(names).contains("index.jelly", "META-INF/annotations/hudson.Extension",
                        "META-INF/services/annotations/org.jenkinsci.Symbol",
                        "META-INF/services/annotations/org.kohsuke.accmod.Restricted",
                        "io/jenkins/plugins/promotiongates/steps/PromotionGateStep.class");
            }
        }
    }

    @Test
    void shouldBundleExactlyTheRuntimeJarsAndNoneThatJenkinsOrALibraryPluginProvides() throws IOException {
        String pluginJar = facts.pluginPom().project().get("artifactId") + ".jar";
        Set<String> lib = new TreeSet<>();
        try (JarFile archive = new JarFile(hpi.toFile())) {
            for (JarEntry e : Collections.list(archive.entries())) {
                if (e.getName().startsWith("WEB-INF/lib/") && !e.isDirectory()) {
                    lib.add(e.getName().substring("WEB-INF/lib/".length()));
                }
            }
        }
        lib.remove(pluginJar);
        Set<String> expected = new TreeSet<>();
        List<String> provided = new ArrayList<>();
        for (DependencyTree.Node jar : facts.tree().bundled()) {
            expected.add(jar.fileName());
            facts.provider(jar.ga()).ifPresent(p -> provided.add(jar.fileName() + " (" + p.description() + ")"));
        }

        assertThat(lib).as("WEB-INF/lib besides " + pluginJar).isEqualTo(expected);
        assertThat(provided).as("bundled jars that Jenkins core or a library plugin provides").isEmpty();
        assertThat(lib).as("the engine and the libraries no library plugin offers")
                .contains("promotion-gates-engine-0.1.0-SNAPSHOT.jar", "sigstore-java-2.0.0.jar")
                .noneMatch(n -> n.startsWith("jackson-") || n.startsWith("guava-") || n.startsWith("bcprov-")
                        || n.startsWith("nimbus-jose-jwt-") || n.startsWith("postgresql-"));
    }

    private static Attributes manifest(Path archive) throws IOException {
        assertThat(Files.isRegularFile(archive)).as(archive.toString()).isTrue();
        try (JarFile jar = new JarFile(archive.toFile())) {
            return jar.getManifest().getMainAttributes();
        }
    }
}
