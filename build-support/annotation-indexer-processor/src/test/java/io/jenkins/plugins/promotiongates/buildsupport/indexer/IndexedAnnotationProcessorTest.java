package io.jenkins.plugins.promotiongates.buildsupport.indexer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IndexedAnnotationProcessorTest {
    @TempDir
    Path dir;

    private static final Map<String, String> SOURCES = Map.of(
            "org/jvnet/hudson/annotation_indexer/Indexed.java",
            """
            package org.jvnet.hudson.annotation_indexer;
            @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
            @java.lang.annotation.Target(java.lang.annotation.ElementType.ANNOTATION_TYPE)
            public @interface Indexed {}
            """,
            "demo/Marked.java",
            """
            package demo;
            @org.jvnet.hudson.annotation_indexer.Indexed
            @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
            public @interface Marked {}
            """,
            "demo/Plain.java",
            """
            package demo;
            @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
            public @interface Plain {}
            """,
            "demo/Outer.java",
            """
            package demo;
            @Marked @Plain public class Outer {
              @Marked public static class Inner {}
              @Marked void method() {}
            }
            """,
            "demo/Fields.java",
            """
            package demo;
            public class Fields { @Marked int f; @Marked Fields() {} }
            """,
            "demo/Unmarked.java",
            """
            package demo;
            @Plain public class Unmarked {}
            """);

    @Test
    void shouldIndexEachUseOfAnIndexedAnnotationByItsTypesBinaryNameSorted() throws IOException {
        Path out = compile();

        Path index = out.resolve("META-INF/services/annotations/demo.Marked");
        assertThat(Files.readAllLines(index, StandardCharsets.UTF_8))
                .containsExactly("demo.Fields", "demo.Outer", "demo.Outer$Inner");
    }

    @Test
    void shouldWriteNoIndexForAnAnnotationWithoutIndexed() throws IOException {
        Path out = compile();

        try (var files = Files.list(out.resolve("META-INF/services/annotations"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("demo.Marked");
        }
    }

    private Path compile() throws IOException {
        Path src = dir.resolve("src");
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> e : SOURCES.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
            files.add(file);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            JavaCompiler.CompilationTask task = javac.getTask(null, fm, null,
                    List.of("-d", out.toString(), "-proc:only"), null, fm.getJavaFileObjectsFromPaths(files));
            task.setProcessors(List.of(new IndexedAnnotationProcessor()));
            assertThat(task.call()).as("compilation").isTrue();
        }
        return out;
    }
}
