package io.jenkins.plugins.promotiongates.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** Locates what {@code package} produced (paths passed by pom-offline.xml's packaging-checks execution). */
final class PackagedArchive {
    private PackagedArchive() {
    }

    static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run these checks with "
                    + "mvn verify (pom-offline.xml's packaging-checks execution), after package");
        }
        Path path = Path.of(value);
        if (!Files.exists(path)) {
            throw new IllegalStateException(property + " = " + path + " does not exist: run mvn package first");
        }
        return path;
    }

    /** Binary names of the classes in a jar ({@code a/b/C$D.class} → {@code a.b.C$D}). */
    static List<String> classNames(JarFile jar) {
        List<String> names = new ArrayList<>();
        for (JarEntry e : Collections.list(jar.entries())) {
            String n = e.getName();
            if (n.endsWith(".class") && !n.endsWith("module-info.class") && !n.endsWith("package-info.class")) {
                names.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
            }
        }
        return names;
    }

    static List<String> lines(JarFile jar, String entry) {
        JarEntry e = jar.getJarEntry(entry);
        if (e == null) {
            throw new AssertionError(jar.getName() + " has no " + entry);
        }
        try (InputStream in = jar.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A class loader over {@code jar} that loads classes like the test class path but answers index resources
     * ({@code META-INF/annotations/}, {@code META-INF/services/annotations/}) only from the jar, so that an index read
     * through it is the jar's and not target-offline/classes'.
     */
    static ClassLoader indexesOnlyFrom(Path jar) {
        URL url;
        try {
            url = jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        return new URLClassLoader(new URL[] {url}, PackagedArchive.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return isIndex(name) ? findResources(name) : super.getResources(name);
            }

            @Override
            public URL getResource(String name) {
                return isIndex(name) ? findResource(name) : super.getResource(name);
            }

            private boolean isIndex(String name) {
                return name.startsWith("META-INF/annotations/") || name.startsWith("META-INF/services/annotations/");
            }
        };
    }
}
