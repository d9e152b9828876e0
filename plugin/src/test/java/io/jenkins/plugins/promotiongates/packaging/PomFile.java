package io.jenkins.plugins.promotiongates.packaging;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The parts of a POM the packaging checks compare: dependencies, their exclusions, dependencyManagement pins. */
record PomFile(Path path, Map<String, String> project, Map<String, String> properties, List<Dependency> dependencies,
               List<Dependency> managed) {
    record Dependency(String groupId, String artifactId, String version, String scope, String type,
                      Set<String> exclusions) {
        String ga() {
            return groupId + ":" + artifactId;
        }
    }

    static PomFile read(Path path) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element project = f.newDocumentBuilder().parse(path.toFile()).getDocumentElement();
        List<Dependency> deps = new ArrayList<>();
        List<Dependency> managed = new ArrayList<>();
        Element dependencies = child(project, "dependencies");
        if (dependencies != null) {
            deps.addAll(dependencies(dependencies));
        }
        Element dm = child(project, "dependencyManagement");
        if (dm != null && child(dm, "dependencies") != null) {
            managed.addAll(dependencies(child(dm, "dependencies")));
        }
        Map<String, String> coordinates = new LinkedHashMap<>();
        for (String key : List.of("groupId", "artifactId", "version", "name", "url")) {
            coordinates.put(key, text(project, key, ""));
        }
        Map<String, String> properties = new LinkedHashMap<>();
        Element props = child(project, "properties");
        if (props != null) {
            NodeList nodes = props.getChildNodes();
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i) instanceof Element p) {
                    properties.put(p.getTagName(), p.getTextContent().trim());
                }
            }
        }
        return new PomFile(path, Map.copyOf(coordinates), Map.copyOf(properties), List.copyOf(deps),
                List.copyOf(managed));
    }

    /** A project value with ${property} references resolved from this POM's properties and project coordinates. */
    String resolve(String value) {
        String v = value;
        for (int i = 0; i < 10 && v.contains("${"); i++) {
            for (Map.Entry<String, String> p : properties.entrySet()) {
                v = v.replace("${" + p.getKey() + "}", p.getValue());
            }
            for (Map.Entry<String, String> c : project.entrySet()) {
                v = v.replace("${project." + c.getKey() + "}", c.getValue());
            }
        }
        if (v.contains("${")) {
            throw new AssertionError(path + ": cannot resolve " + value);
        }
        return v;
    }

    Dependency dependency(String ga) {
        return dependencies.stream().filter(d -> d.ga().equals(ga) && d.type().equals("jar")).findFirst()
                .orElseThrow(() -> new AssertionError(path + " declares no dependency " + ga));
    }

    private static List<Dependency> dependencies(Element parent) {
        List<Dependency> out = new ArrayList<>();
        for (Element d : children(parent, "dependency")) {
            Set<String> exclusions = new TreeSet<>();
            Element ex = child(d, "exclusions");
            if (ex != null) {
                for (Element e : children(ex, "exclusion")) {
                    exclusions.add(text(e, "groupId", "") + ":" + text(e, "artifactId", ""));
                }
            }
            out.add(new Dependency(text(d, "groupId", ""), text(d, "artifactId", ""), text(d, "version", ""),
                    text(d, "scope", "compile"), text(d, "type", "jar"), exclusions));
        }
        return out;
    }

    private static String text(Element e, String name, String otherwise) {
        Element c = child(e, name);
        return c == null ? otherwise : c.getTextContent().trim();
    }

    private static Element child(Element e, String name) {
        List<Element> c = children(e, name);
        return c.isEmpty() ? null : c.get(0);
    }

    private static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = e.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element c && c.getTagName().equals(name)) {
                out.add(c);
            }
        }
        return out;
    }
}
