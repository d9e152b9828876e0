package io.jenkins.plugins.promotiongates.packaging;

import hudson.Extension;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.Test;
import org.kohsuke.accmod.Restricted;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Member;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline jar carries the indexes Jenkins reads to find the plugin's extensions and symbols, and they list exactly
 * the classes that carry the annotations (found here by reflection over every class in the jar, independently of the
 * annotation processors):
 * <ul>
 * <li>{@code META-INF/annotations/hudson.Extension}: SezPoz's serialized index, read with SezPoz's own
 * {@code Index.load(Extension.class, Object.class, loader)} as core's {@code ExtensionFinder.Sezpoz} does
 * (jenkinsci/jenkins {@code core/src/main/java/hudson/ExtensionFinder.java});</li>
 * <li>{@code META-INF/services/annotations/org.jenkinsci.Symbol} and {@code ...org.kohsuke.accmod.Restricted}:
 * annotation-indexer's line format, read by its {@code Index.list} (one binary class name per line; a member's use
 * names its class).</li>
 * </ul>
 */
class PluginJarIndexTest {
    private final Path jarPath = PackagedArchive.path("offline.jar");

    @Test
    void shouldIndexExactlyTheExtensionsFoundInTheCompiledClasses() throws IOException {
        Set<String> indexed = new TreeSet<>();
        for (IndexItem<Extension, Object> item
                : Index.load(Extension.class, Object.class, PackagedArchive.indexesOnlyFrom(jarPath))) {
            indexed.add(item.memberName() == null ? item.className() : item.className() + "#" + item.memberName());
        }

        assertThat(indexed).isNotEmpty().isEqualTo(annotated(Extension.class, true));
    }

    @Test
    void shouldIndexExactlyTheSymbolsFoundInTheCompiledClasses() throws IOException {
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            List<String> indexed = PackagedArchive.lines(jar, "META-INF/services/annotations/org.jenkinsci.Symbol");

            assertThat(indexed).isSorted().doesNotHaveDuplicates().isNotEmpty();
            assertThat(new TreeSet<>(indexed)).isEqualTo(annotated(Symbol.class, false));
        }
    }

    @Test
    void shouldIndexExactlyTheRestrictedClassesFoundInTheCompiledClasses() throws IOException {
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            List<String> indexed =
                    PackagedArchive.lines(jar, "META-INF/services/annotations/org.kohsuke.accmod.Restricted");

            assertThat(indexed).isSorted().doesNotHaveDuplicates().isNotEmpty();
            assertThat(new TreeSet<>(indexed)).isEqualTo(annotated(Restricted.class, false));
        }
    }

    /**
     * Every use of {@code annotation} on a class or its members in the jar: SezPoz names a member use
     * {@code Class#member}; annotation-indexer names it by its class.
     */
    private Set<String> annotated(Class<? extends Annotation> annotation, boolean withMembers) throws IOException {
        Set<String> found = new TreeSet<>();
        ClassLoader loader = PackagedArchive.indexesOnlyFrom(jarPath);
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            for (String name : PackagedArchive.classNames(jar)) {
                Class<?> c;
                try {
                    c = Class.forName(name, false, loader);
                } catch (ClassNotFoundException e) {
                    throw new AssertionError("class " + name + " in the jar cannot be loaded", e);
                }
                if (c.isRecord() && !withMembers) {
                    // annotation-indexer's processor skips records (its element-kind switch predates them), so a
                    // real build indexes neither the record nor its members
                    continue;
                }
                if (c.isAnnotationPresent(annotation)) {
                    found.add(name);
                }
                List<AnnotatedElement> members = new ArrayList<>();
                members.addAll(List.of(c.getDeclaredFields()));
                members.addAll(List.of(c.getDeclaredMethods()));
                members.addAll(List.of(c.getDeclaredConstructors()));
                for (AnnotatedElement m : members) {
                    if (m.isAnnotationPresent(annotation)) {
                        found.add(withMembers ? name + "#" + ((Member) m).getName() : name);
                    }
                }
            }
        }
        return found;
    }
}
