package io.jenkins.plugins.promotiongates.engine.archunit;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Architecture rules of the engine: it stays free of Jenkins and CLI types and of the wall clock. */
class ArchitectureTest {
    private static final String ENGINE = "io.jenkins.plugins.promotiongates.engine..";
    private static JavaClasses engineClasses;

    @BeforeAll
    static void importEngine() {
        engineClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.jenkins.plugins.promotiongates.engine");
    }

    @Test
    void shouldKeepEngineFreeOfJenkinsTypes() {
        ArchRule rule = noClasses().that().resideInAPackage(ENGINE)
                .should().dependOnClassesThat().resideInAnyPackage("hudson..", "jenkins..", "org.jenkinsci..",
                        "org.kohsuke..", "com.cloudbees..", "picocli..")
                .because("all decisions live in a Jenkins-free engine that the CLI and the plugin share");
        rule.check(engineClasses);
    }

    @Test
    void shouldNeverDependOnCliOrPlugin() {
        // The plugin's packages sit directly under io.jenkins.plugins.promotiongates (approval, steps, config...), not
        // under a ".plugin" package: every project class outside the engine is off limits, whatever its package.
        ArchRule rule = noClasses().that().resideInAPackage(ENGINE)
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.jenkins.plugins.promotiongates..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage(ENGINE))))
                .because("the CLI and the plugin depend on the engine, never the reverse");
        rule.check(engineClasses);
    }

    /**
     * Watched failing before the native provider moved to crypto-native: Signatures named
     * com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.
     */
    @Test
    void shouldReachNativeCryptoOnlyThroughItsServiceInterface() {
        ArchRule rule = noClasses().that().resideInAPackage(ENGINE)
                .should().dependOnClassesThat().resideInAnyPackage("com.amazon.corretto..",
                        "io.jenkins.plugins.promotiongates.cryptonative..")
                .because("native ECDSA is the optional crypto-native module, found through NativeEcdsa with"
                        + " ServiceLoader; the engine runs without it on every platform");
        rule.check(engineClasses);
    }

    @Test
    void shouldTakeTimeFromAnInjectedClock() {
        ArchRule rule = noClasses().that().resideInAPackage(ENGINE)
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.ZonedDateTime.class, "now")
                .because("time comes from an injected java.time.Clock so that every decision is reproducible");
        rule.check(engineClasses);
    }
}
