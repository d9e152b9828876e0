package io.jenkins.plugins.promotiongates.packaging;

import io.jenkins.plugins.promotiongates.packaging.DependencyTree.Node;
import java.util.List;
import java.util.Optional;

/** Everything the packaging checks compare, read once per test class from the paths pom-offline.xml passes. */
record PackagingFacts(DependencyTree tree, JenkinsPlatform platform, PomFile pluginPom, PomFile offlinePom) {
    static PackagingFacts load() {
        try {
            return new PackagingFacts(DependencyTree.read(PackagedArchive.path("offline.tree")),
                    JenkinsPlatform.read(PackagedArchive.path("platform.dir")),
                    PomFile.read(PackagedArchive.path("plugin.pom")),
                    PomFile.read(PackagedArchive.path("offline.pom")));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the packaging facts: " + e.getMessage(), e);
        }
    }

    /**
     * The plugins plugin/pom.xml depends on (compile scope, everything but this project's jars: the engine and
     * crypto-native): its Plugin-Dependencies.
     */
    List<String> declaredPlugins() {
        return pluginPom.dependencies().stream()
                .filter(d -> d.scope().equals("compile")
                        && !d.ga().startsWith("io.jenkins.plugins:promotion-gates-"))
                .map(PomFile.Dependency::ga).toList();
    }

    /**
     * Core's copy of an artifact: managed by core's bom/pom.xml, or brought by one of those (an artifact in the
     * provided subtree of a direct provided dependency that core manages, such as Guava's annotations).
     */
    Optional<JenkinsPlatform.Provider> coreProvider(String ga) {
        Optional<String> managed = platform.coreVersion(ga);
        if (managed.isPresent()) {
            return Optional.of(new JenkinsPlatform.Provider("Jenkins core 2.541.3", managed.get()));
        }
        for (Node n : tree.nodes()) {
            if (n.ga().equals(ga) && !n.omitted() && n.depth() > 1) {
                Node top = n;
                while (top.depth() > 1) {
                    top = top.parent();
                }
                if (top.scope().equals("provided") && platform.coreVersion(top.ga()).isPresent()) {
                    return Optional.of(new JenkinsPlatform.Provider("Jenkins core 2.541.3 (through " + top.ga() + ")",
                            n.version()));
                }
            }
        }
        return Optional.empty();
    }

    Optional<JenkinsPlatform.Provider> provider(String ga) {
        return coreProvider(ga).or(() -> platform.libraryProvider(ga, declaredPlugins()));
    }
}
