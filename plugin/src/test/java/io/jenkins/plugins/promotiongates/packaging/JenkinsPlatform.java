package io.jenkins.plugins.promotiongates.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Jenkins core 2.541.3 and the BOM's library plugins provide at run time, from build-support/jenkins-platform
 * ({@code jenkins-provided.tsv}: core's {@code bom/pom.xml} and the BOM's managed artifacts; {@code library-plugins.tsv}:
 * what each library plugin bundles or depends on).
 */
final class JenkinsPlatform {
    /** Who provides a jar at run time, and at which version. */
    record Provider(String description, String version) {
    }

    private final Map<String, String> core = new LinkedHashMap<>();
    private final Map<String, String> coreBoms = new LinkedHashMap<>();
    private final Map<String, String> bom = new LinkedHashMap<>();
    /** plugin GA → bundled GA → version. */
    private final Map<String, Map<String, String>> bundles = new LinkedHashMap<>();
    /** plugin GA → plugin GAs it depends on. */
    private final Map<String, List<String>> depends = new LinkedHashMap<>();

    static JenkinsPlatform read(Path dir) throws IOException {
        JenkinsPlatform p = new JenkinsPlatform();
        Path provided = dir.resolve("jenkins-provided.tsv");
        List<String> lines = Files.readAllLines(provided, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = fields(provided, i, line, 4);
            String ga = f[1] + ":" + f[2];
            switch (f[0]) {
                case "core" -> {
                    if (f[2].endsWith("-bom")) {
                        coreBomsPut(p, f[1], f[3]);
                    } else {
                        p.core.put(ga, f[3]);
                    }
                }
                case "bom" -> p.bom.put(ga, f[3]);
                default -> throw new IllegalArgumentException(provided + ":" + (i + 1) + ": source must be core or bom");
            }
        }
        Path libraries = dir.resolve("library-plugins.tsv");
        lines = Files.readAllLines(libraries, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = fields(libraries, i, line, 7);
            String plugin = f[1] + ":" + f[2];
            String other = f[3] + ":" + f[4];
            switch (f[0]) {
                case "bundles" -> p.bundles.computeIfAbsent(plugin, k -> new LinkedHashMap<>()).put(other, f[5]);
                case "depends" -> p.depends.computeIfAbsent(plugin, k -> new ArrayList<>()).add(other);
                default -> throw new IllegalArgumentException(libraries + ":" + (i + 1)
                        + ": kind must be bundles or depends");
            }
        }
        return p;
    }

    private static void coreBomsPut(JenkinsPlatform p, String groupId, String version) {
        p.coreBoms.put(groupId, version);
    }

    private static String[] fields(Path file, int i, String line, int n) {
        String[] f = line.split("\t");
        if (f.length != n) {
            throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected " + n + " tab-separated fields, got "
                    + f.length + ": " + line);
        }
        return f;
    }

    /** The BOM's version of a plugin (or other managed artifact). */
    Optional<String> bomVersion(String ga) {
        return Optional.ofNullable(bom.get(ga));
    }

    /** Core's managed version of an artifact: listed in core's bom/pom.xml, or in a BOM it imports (by group). */
    Optional<String> coreVersion(String ga) {
        if (core.containsKey(ga)) {
            return Optional.of(core.get(ga));
        }
        String group = ga.substring(0, ga.indexOf(':'));
        return coreBoms.entrySet().stream()
                .filter(e -> group.equals(e.getKey()) || group.startsWith(e.getKey() + "."))
                .map(Map.Entry::getValue).findFirst();
    }

    /** The declared plugins and, transitively, the library plugins they depend on. */
    List<String> withDependencies(List<String> plugins) {
        List<String> all = new ArrayList<>();
        List<String> todo = new ArrayList<>(plugins);
        while (!todo.isEmpty()) {
            String p = todo.remove(0);
            if (!all.contains(p)) {
                all.add(p);
                todo.addAll(depends.getOrDefault(p, List.of()));
            }
        }
        return all;
    }

    /** The library plugin among {@code plugins} (and their dependencies) that bundles this jar. */
    Optional<Provider> libraryProvider(String ga, List<String> plugins) {
        for (String p : withDependencies(plugins)) {
            String v = bundles.getOrDefault(p, Map.of()).get(ga);
            if (v != null) {
                return Optional.of(new Provider("library plugin " + p + ":" + bom.getOrDefault(p, "?"), v));
            }
        }
        return Optional.empty();
    }
}
