package io.jenkins.plugins.promotiongates.packaging;

import io.jenkins.plugins.promotiongates.packaging.DependencyTree.Node;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offline stand-in for the enforcer's {@code requireUpperBoundDeps} (which plugin-pom runs in the real build) against
 * what Jenkins 2.541.3 and the BOM provide, on the dependency tree of pom-offline.xml (whose engine dependency carries
 * exactly plugin/pom.xml's exclusions and pins, checked here too):
 * <ul>
 * <li>every artifact on a runtime path resolves to the highest version any path requests (Maven's
 * {@code ComparableVersion} order, as the enforcer);</li>
 * <li>no bundled jar is one core or a declared library plugin (or a library plugin it depends on) provides: a second
 * copy in WEB-INF/lib loses to core's (parent-first) or shadows the library plugin's;</li>
 * <li>what the offline build compiles against in place of core has core's version.</li>
 * </ul>
 * Core's own dependencies beyond its {@code bom/pom.xml} (Guava's annotations, for instance) are taken from the
 * provided-scope subtrees here, which are the real artifacts' poms.
 */
class DependencyConvergenceTest {
    private static final String ENGINE = "io.jenkins.plugins:promotion-gates-engine";

    private final PackagingFacts facts = PackagingFacts.load();

    @Test
    void shouldResolveEveryRuntimeDependencyToTheHighestVersionRequested() {
        List<String> violations = new ArrayList<>();
        for (Node request : facts.tree().nodes()) {
            if (!request.onRuntimePath()) {
                continue;
            }
            Optional<Node> resolved = facts.tree().resolved(request.ga());
            if (resolved.isPresent() && newer(request.version(), resolved.get().version())) {
                violations.add(request.ga() + " resolves to " + resolved.get().version() + " (" + resolved.get().path()
                        + ") but " + request.path() + " requires " + request.version()
                        + ": pin it in dependencyManagement of plugin/pom.xml and pom-offline.xml, or exclude what"
                        + " pulls it in");
            }
        }
        assertThat(violations).as("upper-bound violations (dependency-tree.txt)").isEmpty();
    }

    @Test
    void shouldBundleNoJarThatCoreOrADeclaredLibraryPluginProvides() {
        List<String> duplicates = new ArrayList<>();
        for (Node jar : facts.tree().bundled()) {
            facts.provider(jar.ga()).ifPresent(p -> duplicates.add("bundled jar " + jar.fileName() + " ("
                    + jar.path() + ") is provided by " + p.description() + " at " + p.version()
                    + (newer(jar.version(), p.version()) ? ", older than the " + jar.version() + " requested" : "")
                    + ": exclude it from the engine dependency in plugin/pom.xml and pom-offline.xml"));
        }
        assertThat(duplicates).as("jars core or a library plugin already provides").isEmpty();
    }

    @Test
    void shouldRequireNoNewerVersionOfWhatCoreProvidesThanCoreHas() {
        List<String> violations = new ArrayList<>();
        for (Node request : facts.tree().nodes()) {
            if (!request.onRuntimePath()) {
                continue;
            }
            facts.coreProvider(request.ga()).ifPresent(core -> {
                if (newer(request.version(), core.version())) {
                    violations.add(request.path() + " requires " + request.ga() + ":" + request.version() + " but "
                            + core.description() + " has " + core.version()
                            + " (core's copy wins at run time): exclude it from what pulls it in");
                }
            });
        }
        assertThat(violations).as("runtime requests above core's version").isEmpty();
    }

    @Test
    void shouldCompileAgainstCoresVersionOfEachProvidedCoreLibrary() {
        List<String> mismatches = new ArrayList<>();
        for (PomFile.Dependency d : facts.offlinePom().dependencies()) {
            if (!d.scope().equals("provided")) {
                continue;
            }
            Optional<String> core = facts.platform().coreVersion(d.ga());
            Optional<Node> resolved = facts.tree().resolved(d.ga());
            if (core.isPresent() && resolved.isPresent() && !core.get().equals(resolved.get().version())) {
                mismatches.add(d.ga() + ":" + resolved.get().version() + " stands in for core, which has "
                        + core.get());
            }
        }
        assertThat(mismatches).as("provided stand-ins for core's libraries").isEmpty();
    }

    @Test
    void shouldExcludeAndPinExactlyWhatThePluginPomDoes() {
        PomFile.Dependency real = facts.pluginPom().dependency(ENGINE);
        PomFile.Dependency offline = facts.offlinePom().dependency(ENGINE);
        assertThat(offline.exclusions()).as("engine exclusions of pom-offline.xml vs plugin/pom.xml")
                .isEqualTo(real.exclusions());
        assertThat(pins(facts.offlinePom())).as("dependencyManagement pins of pom-offline.xml vs plugin/pom.xml")
                .isEqualTo(pins(facts.pluginPom()));
    }

    private static List<String> pins(PomFile pom) {
        return pom.managed().stream().filter(d -> !d.scope().equals("import"))
                .map(d -> d.ga() + ":" + d.version()).sorted().toList();
    }

    /** {@code a} is a higher version than {@code b} in Maven's order. */
    static boolean newer(String a, String b) {
        return new ComparableVersion(a).compareTo(new ComparableVersion(b)) > 0;
    }
}
