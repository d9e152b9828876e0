package io.jenkins.plugins.promotiongates.credentials;

import hudson.AbortException;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.service.PromotionSubmission;
import io.jenkins.plugins.promotiongates.engine.service.SubmittedArtifact;
import io.jenkins.plugins.promotiongates.steps.GateRunner;
import io.jenkins.plugins.promotiongates.testing.FakeService;
import io.jenkins.plugins.promotiongates.testing.TestJenkins;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeAccess;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeRun;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.RecordingContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WithPromotionCredentialsStepTest {
    @TempDir
    Path workspace;
    private final FakeService service = new FakeService();
    private PromotionGatesRuntime runtime;
    private RecordingContext context;

    @BeforeEach
    void setUp() throws IOException {
        runtime = TestJenkins.runtime(service, new FakeAccess(), (id, d) -> { });
        context = new RecordingContext(new FakeRun(), workspace.toFile());
        Files.writeString(workspace.resolve("app.jar"), "app");
        Files.writeString(workspace.resolve("app.jar.sigstore.json"), "{}");
    }

    private void bind(String environment, String credentialsId) {
        CredentialsRunner.bind(context, runtime, environment, credentialsId);
    }

    @Test
    void shouldBindWhenGatePassedAndCredentialInScope() {
        GateRunner.gate(context, runtime, "staging", "*.jar");
        bind("staging", "staging-deploy");
        assertThat(context.failure).isNull();
        assertThat(context.body.started).isTrue();
        assertThat(context.body.contexts).anySatisfy(c -> assertThat(c)
                .isInstanceOfSatisfying(WithPromotionCredentialsStep.SecretExpander.class,
                        e -> assertThat(e.names()).containsExactly("PROMOTION_SECRET")));
        assertThat(context.log.text()).contains("Bound credential 'staging-deploy'").doesNotContain("s3cr3t");
        assertThat(context.body.contexts).anySatisfy(c -> assertThat(c).isInstanceOfSatisfying(MaskingLogFilter.class,
                filter -> assertThat(masked(filter, "deploying with s3cr3t now\n")).isEqualTo("deploying with **** now\n")));
    }

    private static String masked(MaskingLogFilter filter, String line) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream stream = filter.decorateLogger(null, out)) {
            stream.write(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void shouldRefuseCredentialScopedToAnotherEnvironment() {
        GateRunner.gate(context, runtime, "staging", "*.jar");
        bind("staging", "prod-deploy");
        assertThat(context.failure).isInstanceOf(AbortException.class).hasMessageContaining("CREDENTIAL_OUT_OF_SCOPE");
        assertThat(context.body).isNull();
    }

    @Test
    void shouldRefuseWhenRunDidNotPassGate() {
        bind("staging", "staging-deploy");
        assertThat(context.failure).hasMessageContaining("CREDENTIAL_NOT_GATED");
        assertThat(context.body).isNull();
    }

    @Test
    void shouldRefuseUnsupportedCredentialType() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> WithPromotionCredentialsStep.toBinding("x", null)))
                .isInstanceOf(AbortException.class).hasMessageContaining("was not found");
    }

    @Test
    void shouldWriteSecretFileBesideWorkspaceAndDeleteItAfterBlock() throws Exception {
        GateRunner.gate(context, runtime, "staging", "*.jar");
        CredentialSource files = (id, run) -> new CredentialSource.Resolution(List.of(new CredentialSource.Candidate() {
            @Override
            public String store() {
                return "system";
            }

            @Override
            public String fingerprint() {
                return "fp";
            }

            @Override
            public WithPromotionCredentialsStep.Binding binding() {
                return new WithPromotionCredentialsStep.Binding(Map.of(),
                        "kube-config".getBytes(java.nio.charset.StandardCharsets.UTF_8), "kubeconfig");
            }

            @Override
            public void track(hudson.model.Run<?, ?> run) {
            }
        }), io.jenkins.plugins.promotiongates.engine.service.CredentialOrigin.RunResolution.SAME, "test");
        CredentialsRunner.bind(context, runtime, "staging", "staging-deploy", files);
        assertThat(context.failure).isNull();
        Path file;
        try (var listing = Files.list(workspace.resolveSibling(workspace.getFileName() + "@tmp"))) {
            file = listing.findFirst().orElseThrow();
        }
        assertThat(file).hasContent("kube-config");
        assertThat(file.getFileName().toString()).endsWith("-kubeconfig");
        // upstream GeneralNonBlockingStepExecution.TailCall runs finished() in the background, then passes the outcome on
        context.body.callback.onSuccess(context, "done");
        context.awaitCompletion();
        assertThat(context.result).isEqualTo("done");
        assertThat(file).doesNotExist();
    }

    @Test
    void shouldRefuseToDeleteOutsideTempDirectory() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new SecretFiles.Delete(workspace.resolve("app.jar").toString())
                .invoke(workspace.toFile(), null))).isInstanceOf(IOException.class).hasMessageContaining("Refusing");
        assertThat(workspace.resolve("app.jar")).exists();
    }

    @Test
    void shouldMaskSecretsLongestFirst() {
        SecretMasker masker = new SecretMasker(List.of("abc", "abcdef", ""));
        assertThat(masker.mask("token=abcdef and abc")).isEqualTo("token=**** and ****");
    }

    @Test
    void shouldRecordOnlyFakeSubmissionsItMade() {
        // guard for the fake: a submission made elsewhere would make the swap test meaningless
        RunRef run = RunRef.of("shop", "42");
        service.submissions.put("other", new PromotionSubmission("other", "staging", PromotionRequest.Action.PROMOTE,
                Requester.human("bob"), run, List.of(new SubmittedArtifact(new ArtifactRef("a", Digest.sha256("0".repeat(64))), null, null)),
                null, null, null, false, List.of()));
        bind("staging", "staging-deploy");
        assertThat(context.failure).hasMessageContaining("CREDENTIAL_NOT_GATED");
    }
}
