package io.jenkins.plugins.promotiongates.buildsupport.indexer;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes the index that annotation-indexer's {@code AnnotationProcessorImpl} writes (jenkinsci/lib-annotation-indexer,
 * {@code src/main/java/org/jvnet/hudson/annotation_indexer/AnnotationProcessorImpl.java}, read at 92788b1): for every
 * annotation type meta-annotated {@code @org.jvnet.hudson.annotation_indexer.Indexed}, the resource
 * {@code META-INF/services/annotations/<binary name of the annotation>} in the class output, one line per use, sorted
 * (upstream keeps a {@code TreeSet}), UTF-8, each line ending in the platform line separator (upstream's
 * {@code PrintWriter.println}). A use on a type is the type's binary name ({@code Outer$Inner}); a use on a method,
 * field or constructor is its enclosing type's binary name; a use on a package is {@code package.*}; other element
 * kinds (records among them: upstream's switch predates them) are skipped, as upstream.
 *
 * <p>Two differences, neither visible in the result of a clean build: upstream rewrites the file in every round and
 * merges an existing file from an earlier (incremental) compilation; this collects all rounds and writes once when
 * processing is over, and never merges stale entries from classes that no longer exist.
 */
@SupportedAnnotationTypes("*")
public final class IndexedAnnotationProcessor extends AbstractProcessor {
    static final String INDEXED = "org.jvnet.hudson.annotation_indexer.Indexed";
    static final String INDEX_DIRECTORY = "META-INF/services/annotations/";

    /** Annotation binary name → uses, and the elements each index comes from (for the Filer's dependency tracking). */
    private final Map<String, Set<String>> uses = new TreeMap<>();
    private final Map<String, Set<Element>> origins = new TreeMap<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latest();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (round.errorRaised()) {
            return false;
        }
        if (round.processingOver()) {
            write();
            return false;
        }
        for (TypeElement annotation : annotations) {
            if (!isIndexed(annotation)) {
                continue;
            }
            String name = processingEnv.getElementUtils().getBinaryName(annotation).toString();
            Set<String> lines = uses.computeIfAbsent(name, n -> new TreeSet<>());
            Set<Element> from = origins.computeIfAbsent(name, n -> new HashSet<>());
            for (Element use : round.getElementsAnnotatedWith(annotation)) {
                String line = indexLine(use);
                if (line != null) {
                    lines.add(line);
                    from.add(use);
                }
            }
        }
        // Never claim the annotations: SezPoz's processor must still see @Extension.
        return false;
    }

    private boolean isIndexed(TypeElement annotation) {
        for (AnnotationMirror meta : processingEnv.getElementUtils().getAllAnnotationMirrors(annotation)) {
            TypeElement type = (TypeElement) meta.getAnnotationType().asElement();
            if (processingEnv.getElementUtils().getBinaryName(type).contentEquals(INDEXED)) {
                return true;
            }
        }
        return false;
    }

    private String indexLine(Element use) {
        return switch (use.getKind()) {
            case CLASS, INTERFACE, ANNOTATION_TYPE, ENUM ->
                    processingEnv.getElementUtils().getBinaryName((TypeElement) use).toString();
            case METHOD, FIELD, CONSTRUCTOR ->
                    processingEnv.getElementUtils().getBinaryName((TypeElement) use.getEnclosingElement()).toString();
            case PACKAGE -> ((PackageElement) use).getQualifiedName() + ".*";
            default -> null;
        };
    }

    private void write() {
        for (Map.Entry<String, Set<String>> index : uses.entrySet()) {
            String resource = INDEX_DIRECTORY + index.getKey();
            try {
                FileObject out = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", resource,
                        origins.get(index.getKey()).toArray(new Element[0]));
                try (Writer w = new java.io.OutputStreamWriter(out.openOutputStream(), StandardCharsets.UTF_8)) {
                    for (String line : index.getValue()) {
                        w.write(line);
                        w.write(System.lineSeparator());
                    }
                }
            } catch (IOException e) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        "cannot write " + resource + ": " + e);
            }
        }
    }
}
