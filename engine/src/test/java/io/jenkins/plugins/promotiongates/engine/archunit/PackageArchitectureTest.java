package io.jenkins.plugins.promotiongates.engine.archunit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Objects;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.plantuml.rules.PlantUmlArchCondition.Configuration.consideringOnlyDependenciesInDiagram;
import static com.tngtech.archunit.library.plantuml.rules.PlantUmlArchCondition.adhereToPlantUmlDiagram;

/** The engine's packages depend on each other only as design.puml draws it. */
class PackageArchitectureTest {
    private static final String ENGINE = "io.jenkins.plugins.promotiongates.engine";
    private static JavaClasses engineClasses;

    @BeforeAll
    static void importEngine() {
        engineClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ENGINE);
    }

    @Test
    void shouldAdhereToPackageDesign() {
        URL design = Objects.requireNonNull(PackageArchitectureTest.class.getResource("/design.puml"), "design.puml");
        ArchRule rule = classes().that().resideInAPackage(ENGINE + "..")
                .should(adhereToPlantUmlDiagram(design, consideringOnlyDependenciesInDiagram()))
                .because("features stay independent and only gate (and the service facade) combines them");
        rule.check(engineClasses);
    }

    @Test
    void shouldKeepReflectionOutOfEvaluation() {
        ArchRule rule = noClasses().that().resideInAnyPackage(ENGINE + ".gate..", ENGINE + ".allowlist..",
                        ENGINE + ".window..")
                .should().dependOnClassesThat().resideInAnyPackage("java.lang.reflect..",
                        "com.fasterxml.jackson.databind.introspect..")
                .because("evaluation must stay fast: everything is compiled when the policy loads");
        rule.check(engineClasses);
    }
}
