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
            "package org.jvnet.hudson.annotation_indexer;\n"
                    + "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)\n"
                    + "@java.lang.annotation.Target(java.lang.annotation.ElementType.ANNOTATION_TYPE)\n"
                    + "public @interface Indexed {}\n",
            "demo/Marked.java",
            "package demo;\n"
                    + "@org.jvnet.hudson.annotation_indexer.Indexed\n"
                    + "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)\n"
                    + "public @interface Marked {}\n",
            "demo/Plain.java",
            "package demo;\n"
                    + "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)\n"
                    + "public @interface Plain {}\n",
            "demo/Outer.java",
            "package demo;\n"
                    + "@Marked @Plain public class Outer {\n"
                    + "  @Marked public static class Inner {}\n"
                    + "  @Marked void method() {}\n"
                    + "}\n",
            "demo/Fields.java",
            "package demo;\n"
                    + "public class Fields { @Marked int f; @Marked Fields() {} }\n",
            "demo/Unmarked.java",
            "package demo;\n"
                    + "@Plain public class Unmarked {}\n");

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
