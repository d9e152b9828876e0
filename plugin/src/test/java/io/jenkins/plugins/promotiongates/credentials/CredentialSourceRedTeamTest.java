package io.jenkins.plugins.promotiongates.credentials;

import hudson.AbortException;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;
import io.jenkins.plugins.promotiongates.engine.audit.PayloadKeys;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.steps.GateRunner;
import io.jenkins.plugins.promotiongates.testing.FakeCredentials;
import io.jenkins.plugins.promotiongates.testing.FakeCredentials.Place;
import io.jenkins.plugins.promotiongates.testing.RealEngine;
import io.jenkins.plugins.promotiongates.testing.TestJenkins;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeAccess;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeRun;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.RecordingContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 items 4 and 9, tried as a compromised pipeline with a folder of its own would: a folder credential or a
 * credentials parameter with the policy-bound id, a second system credential with the same id, and environment
 * names the gate refuses. Against the real engine; each refusal is a recorded CREDENTIAL_REFUSED with its reason.
 * Watched failing before the fix: the engine granted the shadowed id (the plugin then bound whatever the run's
 * lookup returned, the folder's secret), and a blank or padded environment name was refused without being recorded
 * as INVALID_REQUEST.
 */
class CredentialSourceRedTeamTest {
    private static final String GLOB = "target/*.pom";
    private static final String ID = "staging-deploy";
    @TempDir
    Path home;
    @TempDir
    Path workspace;
    private RealEngine engine;
    private PromotionGatesRuntime runtime;
    private RecordingContext context;

    @BeforeEach
    void setUp() throws Exception {
        engine = new RealEngine(home);
        runtime = TestJenkins.runtime(engine.service, new FakeAccess(), (id, d) -> { }, new TestJenkins.ManualPoller());
        RealEngine.signedArtifact(workspace.resolve("target"));
        context = new RecordingContext(new FakeRun(), workspace.toFile());
        GateRunner.gate(context, runtime, "staging", GLOB);
    }

    private List<AuditEvent> credentialEvents() {
        return engine.store.since(0, 10_000).stream().filter(e -> e.type() == AuditEventType.CREDENTIAL_BOUND
                || e.type() == AuditEventType.CREDENTIAL_REFUSED).toList();
    }

    private void assertRefusedAndRecorded(ReasonCode code) {
        assertThat(context.failure).isInstanceOf(AbortException.class).hasMessageContaining(code.name());
        assertThat(context.body).as("the block must not run").isNull();
        assertThat(credentialEvents()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.CREDENTIAL_REFUSED);
            assertThat(e.reasons()).extracting(AuditReason::code).contains(code);
        });
    }

    /** Where an attacker puts a credential with the production id. */
    enum Shadow { FOLDER, PARAMETER }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Shadow.class)
    void shouldRefuseAPolicyBoundIdShadowedByTheRunsOwnCredential(Shadow shadow) {
        FakeCredentials stores = new FakeCredentials().add(Place.SYSTEM, ID, "real-deploy-key")
                .add(shadow == Shadow.FOLDER ? Place.FOLDER : Place.PARAMETER, ID, "attacker-key");

        CredentialsRunner.bind(context, runtime, "staging", ID, stores);

        assertRefusedAndRecorded(ReasonCode.CREDENTIAL_SHADOWED);
        assertThat(stores.tracked).isEmpty();
    }

    @Test
    void shouldRefuseAnIdThatOnlyAFolderHolds() {
        CredentialsRunner.bind(context, runtime, "staging", ID, new FakeCredentials().add(Place.FOLDER, ID, "attacker"));
        assertRefusedAndRecorded(ReasonCode.CREDENTIAL_UNAVAILABLE);
    }

    @Test
    void shouldRefuseADuplicateIdInTheSystemStore() {
        CredentialsRunner.bind(context, runtime, "staging", ID, new FakeCredentials().add(Place.SYSTEM, ID, "one")
                .add(Place.SYSTEM, ID, "two"));
        assertRefusedAndRecorded(ReasonCode.CREDENTIAL_DUPLICATE);
    }

    @Test
    void shouldRefuseASystemCredentialTheRunCannotUse() {
        CredentialsRunner.bind(context, runtime, "staging", ID,
                new FakeCredentials().add(Place.SYSTEM_ONLY_SCOPE, ID, "system-only"));
        assertRefusedAndRecorded(ReasonCode.CREDENTIAL_UNAVAILABLE);
    }

    @Test
    void shouldBindTheSystemCredentialAndRecordItsStoreAndFingerprint() {
        FakeCredentials stores = FakeCredentials.system(ID);
        CredentialsRunner.bind(context, runtime, "staging", ID, stores);

        assertThat(context.failure).isNull();
        assertThat(context.body.started).isTrue();
        assertThat(stores.tracked).containsExactly(ID);
        assertThat(credentialEvents()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.CREDENTIAL_BOUND);
            assertThat(e.payloadValue(PayloadKeys.CREDENTIAL_STORE)).isEqualTo("system");
            assertThat(e.payloadValue(PayloadKeys.CREDENTIAL_FINGERPRINT)).isEqualTo("fp-" + ID);
        });
    }

    @ParameterizedTest(name = "environment [{0}]")
    @ValueSource(strings = {"", " ", " staging", "staging ", "\tstaging", "staging\n", "STAGING", "sta ging"})
    void shouldRefuseAZeroLengthOrWhitespaceVariantEnvironmentAsInvalidRequest(String environment) {
        CredentialsRunner.bind(context, runtime, environment, ID, FakeCredentials.system(ID));

        assertThat(context.failure).isInstanceOf(AbortException.class).hasMessageContaining("INVALID_REQUEST");
        assertThat(context.failure.getMessage()).doesNotContain("\n" + "ALLOW");
        assertThat(context.body).isNull();
        assertThat(credentialEvents()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.CREDENTIAL_REFUSED);
            assertThat(e.reasons()).extracting(AuditReason::code).containsExactly(ReasonCode.INVALID_REQUEST);
        });
    }

    /**
     * Issue 17 item 4: the stores trusted for policy-bound ids are the system store and the folders the admin names
     * in the global configuration ({@code config.CredentialStores}); the pipeline has no parameter that could name
     * one (an agent naming its own folder would make its credential trusted). Fails if the step ever takes one.
     */
    @Test
    void shouldGiveThePipelineNoWayToNameATrustedCredentialStore() {
        assertThat(java.util.Arrays.stream(WithPromotionCredentialsStep.class.getConstructors())
                .filter(c -> c.isAnnotationPresent(org.kohsuke.stapler.DataBoundConstructor.class)))
                .singleElement().satisfies(c -> assertThat(c.getParameterTypes())
                        .containsExactly(String.class, String.class));
        assertThat(java.util.Arrays.stream(WithPromotionCredentialsStep.class.getMethods())
                .filter(m -> m.isAnnotationPresent(org.kohsuke.stapler.DataBoundSetter.class))).isEmpty();
    }
}
