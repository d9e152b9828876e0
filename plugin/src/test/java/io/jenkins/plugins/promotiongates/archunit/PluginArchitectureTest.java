package io.jenkins.plugins.promotiongates.archunit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.verb.POST;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.constructors;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Plugin-side architecture rules (engine-side rules live in the engine's own architecture test). */
class PluginArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the offline build writes to target-offline/, which the predefined option does not recognise
                .withImportOption(location -> !location.contains("/test-classes/"))
                .importPackages("io.jenkins.plugins.promotiongates");
    }

    /** Only the configuration (the one place that builds the service) may see engine internals. */
    @Test
    void shouldUseOnlyEngineServiceAndModel() {
        // crypto-native is not plugin code: the engine's optional module, implementing engine.verification.NativeEcdsa
        classes().that().resideOutsideOfPackages("..promotiongates.engine..", "..promotiongates.config..",
                        "..promotiongates.cryptonative..")
                .should().onlyDependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.not(
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                                "..promotiongates.engine.gate..", "..promotiongates.engine.policy..",
                                "..promotiongates.engine.verification..", "..promotiongates.engine.ledger..",
                                "..promotiongates.engine.approval..", "..promotiongates.engine.audit..")))
                .check(classes);
    }

    @Test
    void shouldKeepEngineFreeOfPlugin() {
        noClasses().that().resideInAPackage("..promotiongates.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.jenkins.plugins.promotiongates",
                        "..promotiongates.steps..", "..promotiongates.config..", "..promotiongates.approval..",
                        "..promotiongates.credentials..", "..promotiongates.util..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void shouldPutDataBoundConstructorsInPublicClasses() {
        constructors().that().areAnnotatedWith(DataBoundConstructor.class)
                .should().beDeclaredInClassesThat().arePublic().andShould().bePublic()
                .check(classes);
    }

    @Test
    void shouldPutDataBoundSettersInPublicClasses() {
        methods().that().areAnnotatedWith(DataBoundSetter.class)
                .should().beDeclaredInClassesThat().arePublic().andShould().bePublic()
                .check(classes);
    }

    @Test
    void shouldUsePostForValidationEndpoints() {
        methods().that().haveNameMatching("doCheck.*").or().haveNameMatching("doFill.*")
                .should().beAnnotatedWith(POST.class).andShould().bePublic()
                .check(classes);
    }

    @Test
    void shouldNotCallJenkinsInstanceOutsideTheFacades() {
        noClasses().that().resideOutsideOfPackage("..promotiongates.util..")
                .and().doNotHaveSimpleName("PromotionGatesConfiguration")
                .should().callMethod(jenkins.model.Jenkins.class, "get")
                .check(classes);
    }

    /**
     * Blocking work never goes to core's {@code jenkins.util.Timer}: one pool of 10 threads for all of Jenkins that
     * runs as SYSTEM (core {@code jenkins/util/Timer.java}, {@code SafeTimerTask} runs {@code ACL.as2(SYSTEM2)}).
     * Watched failing before the fix (the configuration and the poller used it).
     */
    @Test
    void shouldNeverUseJenkinsSharedTimer() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("jenkins.util.Timer").check(classes);
    }
}
