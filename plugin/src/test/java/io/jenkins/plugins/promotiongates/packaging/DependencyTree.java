package io.jenkins.plugins.promotiongates.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code maven-dependency-plugin:tree -Dverbose} (text), as pom-offline.xml writes it to
 * {@code target-offline/dependency-tree.txt}: every path Maven walked, including the requests it omitted for a
 * duplicate or a conflict ({@code (g:a:jar:v:scope - omitted for conflict with w)}), which is what the enforcer's
 * {@code requireUpperBoundDeps} looks at.
 */
record DependencyTree(List<Node> nodes) {
    /** One line of the tree: depth 0 is the project itself; {@code omitted} lines are requests that lost. */
    record Node(int depth, String groupId, String artifactId, String type, String classifier, String version,
                String scope, boolean omitted, Node parent, int line) {
        String ga() {
            return groupId + ":" + artifactId;
        }

        /**
         * Compile or runtime scope: on the runtime class path, what would be bundled in WEB-INF/lib. The scope printed
         * is Maven's mediated one (a jar requested in provided and runtime scope is printed runtime, "scope not
         * updated"), which is what copy-dependencies and maven-hpi-plugin use.
         */
        boolean onRuntimePath() {
            return depth > 0 && (scope.equals("compile") || scope.equals("runtime"));
        }

        /** The chain of artifacts from the project's direct dependency down to this one, for messages. */
        String path() {
            List<String> chain = new ArrayList<>();
            for (Node n = this; n != null && n.depth > 0; n = n.parent) {
                chain.add(0, n.ga() + ":" + n.version);
            }
            return String.join(" -> ", chain);
        }

        /** The file name maven-hpi-plugin and copy-dependencies give the jar in WEB-INF/lib. */
        String fileName() {
            return artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + "." + type;
        }
    }

    private static final Pattern LINE = Pattern.compile("^([| +\\\\-]*)(\\()?([^ ()]+)(.*)$");

    static DependencyTree read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Node> nodes = new ArrayList<>();
        List<Node> stack = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (text.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a dependency tree line: " + text);
            }
            int depth = m.group(1).length() / 3;
            String[] coords = m.group(3).split(":");
            if (depth == 0 && coords.length == 4) {
                coords = new String[] {coords[0], coords[1], coords[2], coords[3], "compile"};
            }
            String classifier = coords.length == 6 ? coords[3] : "";
            if (coords.length != 5 && coords.length != 6) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected g:a:type[:classifier]:version"
                        + ":scope, got " + m.group(3));
            }
            String version = coords[coords.length - 2];
            String scope = coords[coords.length - 1];
            while (stack.size() > depth) {
                stack.remove(stack.size() - 1);
            }
            Node parent = depth == 0 ? null : stack.get(depth - 1);
            Node node = new Node(depth, coords[0], coords[1], coords[2], classifier, version, scope,
                    m.group(2) != null, parent, i + 1);
            nodes.add(node);
            stack.add(node);
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty");
        }
        return new DependencyTree(List.copyOf(nodes));
    }

    /** The version Maven resolved for this artifact (its one line that was not omitted), in any scope. */
    Optional<Node> resolved(String ga) {
        return nodes.stream().filter(n -> n.depth() > 0 && !n.omitted() && n.ga().equals(ga)).findFirst();
    }

    /** Artifacts that end up in WEB-INF/lib: resolved (not omitted), compile or runtime scope, jars. */
    List<Node> bundled() {
        return nodes.stream().filter(n -> !n.omitted() && n.onRuntimePath() && n.type().equals("jar")).toList();
    }
}
