package io.jenkins.plugins.promotiongates.engine.verification;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Rules of the verification package: failures are values, and nothing here can reach the network defaults. */
class VerificationArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jenkins.plugins.promotiongates.engine.verification");

    @Test
    void shouldMakeEveryVerificationFailureARecord() {
        classes().that().implement(VerificationFailure.class).should().beRecords()
                .because("VERIFICATION_FAILURES_ARE_VALUES: failures carry expected and actual values")
                .check(CLASSES);
    }

    @Test
    void shouldNeverUseNetworkClientsOrTufDefaults() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.sigstore.tuf..", "dev.sigstore.http..",
                        "dev.sigstore.rekor.v2.client..", "java.net.http..")
                .orShould().callMethod(dev.sigstore.KeylessVerifier.Builder.class, "sigstorePublicDefaults")
                .orShould().callMethod(dev.sigstore.KeylessVerifier.Builder.class, "sigstoreStagingDefaults")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("ClientHttp")
                .because("verification is offline against admin-provided trusted roots")
                .check(CLASSES);
    }
}
