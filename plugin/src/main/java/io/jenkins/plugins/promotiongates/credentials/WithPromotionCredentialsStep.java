package io.jenkins.plugins.promotiongates.credentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.Secret;
import io.jenkins.plugins.promotiongates.approval.DecisionView;
import io.jenkins.plugins.promotiongates.approval.PromotionDecisionAction;
import io.jenkins.plugins.promotiongates.config.PromotionGatesConfiguration;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.config.RuntimeLocator;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.service.CredentialDecision;
import io.jenkins.plugins.promotiongates.engine.service.CredentialRequest;
import io.jenkins.plugins.promotiongates.steps.ArtifactDigests;
import io.jenkins.plugins.promotiongates.util.DecisionText;
import io.jenkins.plugins.promotiongates.util.RunRefs;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.FailureHandler;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code withPromotionCredentials(environment: 'production', credentialsId: 'prod-deploy') { … }}: binds the
 * credential as masked environment variables for the block only if the engine grants it: the policy maps the
 * credential to this environment, this run passed the gate for it, and the artifacts re-hashed on the agent just
 * now still have the digests the gate verified.
 */
public final class WithPromotionCredentialsStep extends Step implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String SECRET_VARIABLE = "PROMOTION_SECRET";
    public static final String USERNAME_VARIABLE = "PROMOTION_USERNAME";
    public static final String PASSWORD_VARIABLE = "PROMOTION_PASSWORD";
    public static final String FILE_VARIABLE = "PROMOTION_FILE";

    private final String environment;
    private final String credentialsId;

    @DataBoundConstructor
    public WithPromotionCredentialsStep(String environment, String credentialsId) {
        this.environment = environment;
        this.credentialsId = credentialsId;
    }

    public String getEnvironment() {
        return environment;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @Override
    public StepExecution start(StepContext context) {
        // The admin's list of trusted stores, read on every lookup; never anything the pipeline passes.
        return new Execution(context, this, null, new JenkinsCredentialSource(
                () -> PromotionGatesConfiguration.get().trustedCredentialStores()));
    }

    /**
     * What a credential binds: variables (name → value) and, for a secret file, its content and file name.
     *
     * @param variables   environment variables to set
     * @param fileContent the secret file's bytes, if it is a file credential
     * @param fileName    the secret file's original name
     */
    @SuppressWarnings("ArrayRecordComponent") // handed to the file writer, never compared
    public record Binding(Map<String, String> variables, @CheckForNull byte[] fileContent, @CheckForNull String fileName) {
        public Binding {
            variables = Map.copyOf(variables);
        }
    }

    /**
     * Secret text → PROMOTION_SECRET; username/password → PROMOTION_USERNAME, PROMOTION_PASSWORD; secret file → a
     * file beside the workspace whose path is in PROMOTION_FILE.
     */
    static Binding toBinding(String id, @CheckForNull StandardCredentials credential) throws IOException {
        Map<String, String> variables = new TreeMap<>();
        if (credential instanceof FileCredentials file) {
            try (InputStream in = file.getContent()) {
                return new Binding(Map.of(), in.readAllBytes(), file.getFileName());
            }
        }
        if (credential instanceof StringCredentials text) {
            variables.put(SECRET_VARIABLE, text.getSecret().getPlainText());
        } else if (credential instanceof StandardUsernamePasswordCredentials userPassword) {
            variables.put(USERNAME_VARIABLE, userPassword.getUsername());
            variables.put(PASSWORD_VARIABLE, userPassword.getPassword().getPlainText());
        } else {
            throw new AbortException("Credential '" + id + "' " + (credential == null
                    ? "was not found or this run may not use it"
                    : "is a " + credential.getClass().getSimpleName()
                            + "; withPromotionCredentials binds secret text, username/password and secret file credentials"));
        }
        return new Binding(variables, null, null);
    }

    /**
     * Follows credentials-binding's {@code BindingStep.Execution2}: a {@link GeneralNonBlockingStepExecution} whose
     * background part (re-hashing on the agent, the engine's decision, reading the secret) runs off the CPS VM
     * thread as the run's authentication; a restart during that part fails the step on resume (upstream
     * {@code onResume}), never hangs it. Only data is persisted with the program: the step, the runtime and the
     * credential source are transient, the body callback keeps the secret file's path, and the secrets themselves
     * live only in the block's contexts as {@link Secret}s.
     */
    static final class Execution extends GeneralNonBlockingStepExecution {
        private static final long serialVersionUID = 1L;
        private final transient WithPromotionCredentialsStep step;
        @CheckForNull
        private final transient RuntimeLocator locator;
        private final transient CredentialSource source;

        Execution(StepContext context, WithPromotionCredentialsStep step, @CheckForNull RuntimeLocator locator,
                CredentialSource source) {
            super(context);
            this.step = step;
            this.locator = locator;
            this.source = source;
        }

        @Override
        public boolean start() {
            run(this::bind);
            return false;
        }

        // start()'s BodyExecution is not kept: the body's outcome arrives through the Cleanup callback, as in
        // upstream's block steps (GeneralNonBlockingStepExecution.block).
        @SuppressWarnings("FutureReturnValueIgnored")
        private void bind() throws Exception {
            PromotionGatesRuntime runtime = RuntimeLocator.resolve(locator);
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath workspace = getContext().get(FilePath.class);
            PromotionDecisionAction decisions = run.getAction(PromotionDecisionAction.class);
            DecisionView gate = decisions == null ? null : decisions.forEnvironment(step.getEnvironment());
            List<ArtifactRef> current = new ArrayList<>();
            if (gate != null && workspace != null) {
                Map<String, String> now = ArtifactDigests.rehash(workspace, gate.getDigests());
                now.forEach((name, digest) -> current.add(new ArtifactRef(name, Digest.parse(digest))));
            }
            // Only the trusted store counts for a policy-bound id; the engine judges where it resolved.
            CredentialSource.Resolution resolution = source.resolve(step.getCredentialsId(), run);
            CredentialDecision decision = runtime.service().authorizeCredential(new CredentialRequest(
                    step.getEnvironment(), step.getCredentialsId(), RunRefs.of(run), current, resolution.origin()));
            CredentialSource.Candidate credential = resolution.single();
            if (!decision.granted() || credential == null) {
                throw new AbortException("Credential '" + step.getCredentialsId() + "' refused for '"
                        + step.getEnvironment() + "' because:" + DecisionText.reasons(decision.checks()));
            }
            Binding binding = credential.binding();
            credential.track(run);
            Map<String, String> variables = new TreeMap<>(binding.variables());
            String secretFile = null;
            if (binding.fileContent() != null) {
                if (workspace == null) {
                    throw new AbortException("withPromotionCredentials needs a workspace to bind a secret file");
                }
                secretFile = workspace.act(new SecretFiles.Write(binding.fileContent(),
                        binding.fileName() == null ? "secret" : binding.fileName()));
                variables.put(FILE_VARIABLE, secretFile);
            }
            listener.getLogger().println("[promotion-gates] Bound credential '" + step.getCredentialsId() + "' ("
                    + credential.store() + " store) for '" + step.getEnvironment() + "' as " + variables.keySet()
                    + " (correlation id " + decision.correlationId() + "); masking their values and quoted or"
                    + " encoded forms");
            // Values are kept as Secrets: the program state (program.dat) never holds them in plain text.
            List<Secret> secrets = variables.values().stream().map(Secret::fromString).toList();
            Map<String, Secret> encrypted = new TreeMap<>();
            variables.forEach((k, v) -> encrypted.put(k, Secret.fromString(v)));
            EnvironmentExpander outerEnv = getContext().get(EnvironmentExpander.class);
            EnvironmentExpander ours = new SecretExpander(encrypted);
            ConsoleLogFilter outerFilter = getContext().get(ConsoleLogFilter.class);
            ConsoleLogFilter mask = new MaskingLogFilter(secrets);
            FailureHandler outerHandler = getContext().get(FailureHandler.class);
            FailureHandler maskErrors = new MaskingFailureHandler(secrets);
            getContext().newBodyInvoker()
                    .withContexts(outerEnv == null ? ours : EnvironmentExpander.merge(outerEnv, ours),
                            outerFilter == null ? mask : BodyInvoker.mergeConsoleLogFilters(outerFilter, mask),
                            outerHandler == null ? maskErrors : FailureHandler.merge(outerHandler, maskErrors))
                    .withCallback(new Cleanup(secretFile))
                    .start();
        }

        /**
         * When the block ends, however it ends: deletes the secret file (if any) in the background, then passes the
         * block's outcome on (upstream {@code GeneralNonBlockingStepExecution.TailCall}).
         */
        final class Cleanup extends TailCall {
            private static final long serialVersionUID = 1L;
            @CheckForNull
            private final String path;

            Cleanup(@CheckForNull String path) {
                this.path = path;
            }

            @Override
            protected void finished(StepContext context) throws Exception {
                FilePath workspace = path == null ? null : context.get(FilePath.class);
                if (workspace != null) {
                    workspace.act(new SecretFiles.Delete(path));
                }
            }
        }
    }

    /** Adds the bound variables to the block's environment. */
    static final class SecretExpander extends EnvironmentExpander {
        private static final long serialVersionUID = 1L;
        private final Map<String, Secret> variables;

        SecretExpander(Map<String, Secret> variables) {
            this.variables = new TreeMap<>(variables);
        }

        /** The bound variable names (values stay encrypted). */
        java.util.Set<String> names() {
            return java.util.Set.copyOf(variables.keySet());
        }

        /** Every bound variable is secret: Pipeline warns when one is interpolated into a Groovy string. */
        @Override
        public Set<String> getSensitiveVariables() {
            return Set.copyOf(variables.keySet());
        }

        @Override
        public void expand(EnvVars env) {
            variables.forEach((name, secret) -> env.override(name, secret.getPlainText()));
        }
    }

    @Extension
    @Symbol("withPromotionCredentials")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "withPromotionCredentials";
        }

        @Override
        public String getDisplayName() {
            return "Bind a deployment credential for an environment, only after its promotion gate passed";
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class);
        }
    }
}
