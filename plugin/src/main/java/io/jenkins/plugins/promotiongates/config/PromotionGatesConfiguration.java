package io.jenkins.plugins.promotiongates.config;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.init.Terminator;
import hudson.util.FormValidation;
import io.jenkins.plugins.promotiongates.approval.WaitingGates;
import io.jenkins.plugins.promotiongates.engine.service.PromotionService;
import io.jenkins.plugins.promotiongates.util.AccessChecks;
import io.jenkins.plugins.promotiongates.util.JenkinsAccessChecks;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import java.util.function.Supplier;

/**
 * The global "Promotion Gates" configuration (Manage Jenkins → System; JCasC {@code unclassified: promotionGates:}).
 * It holds the one {@link PromotionService} of this controller, built from these settings by a pluggable
 * {@link ServiceFactory}. A policy that fails validation is never applied: the last good one stays in force and the
 * page shows the problems.
 *
 * <p>Saving the page or a JCasC reload re-binds this same instance (upstream {@code GlobalConfiguration.configure}
 * calls {@code req.bindJSON(this, json)}; JCasC calls the setters): every setter only marks the runtime stale. The
 * next use builds the new runtime, switches to it, and only then lets the factory close what the old one alone held
 * (the store is kept open when its settings did not change), so a waiting step never meets a half-built or
 * closed service. {@link #shutdown()} closes the store and the plugin's threads when Jenkins stops.
 */
@Extension
@Symbol("promotionGates")
public class PromotionGatesConfiguration extends GlobalConfiguration {
    private static final String INLINE = "inline policy";

    private String policy = "";
    private String policyFile = "";
    private String trustedRoot = "";
    private String storeUrl = "";
    private String storeCredentialsId = "";
    /** Job full names or globs whose runs are always an agent's (see {@link AutomatedJobs}). */
    private String automatedJobs = "";
    /** The policy in force: the last text that passed validation. */
    @CheckForNull
    private String lastGoodPolicy;
    /** Problems of the most recently submitted policy, shown on the page; empty when it was applied. */
    private List<String> policyProblems = new ArrayList<>();

    private transient ServiceFactory serviceFactory;
    private transient PolicyCheck policyCheck;
    private transient AccessChecks access;
    private transient Supplier<File> jenkinsHome;
    private transient Executor background;
    private transient Poller poller;
    @CheckForNull
    private transient PromotionGatesRuntime runtime;
    /** Set by every change; the next {@link #runtime()} builds and switches to a new runtime. */
    private transient boolean stale = true;
    private transient boolean shutDown;

    private static File jenkinsRoot() {
        return Jenkins.get().getRootDir();
    }

    /** Used by Jenkins: loads the saved settings. */
    public PromotionGatesConfiguration() {
        this(EngineWiring.serviceFactory(PromotionGatesConfiguration::jenkinsRoot),
                EngineWiring.policyCheck(PromotionGatesConfiguration::jenkinsRoot), new JenkinsAccessChecks(),
                PromotionGatesConfiguration::jenkinsRoot, BackgroundWork.standard());
        load();
    }

    private PromotionGatesConfiguration(ServiceFactory serviceFactory, PolicyCheck policyCheck, AccessChecks access,
            Supplier<File> jenkinsHome, BackgroundWork work) {
        this(serviceFactory, policyCheck, access, jenkinsHome, work, work.poller());
    }

    /** For tests and for wiring the engine: nothing is loaded from disk. */
    PromotionGatesConfiguration(ServiceFactory serviceFactory, PolicyCheck policyCheck, AccessChecks access,
            Supplier<File> jenkinsHome, Executor background, Poller poller) {
        this.background = background;
        this.poller = poller;
        this.serviceFactory = serviceFactory;
        this.policyCheck = policyCheck;
        this.access = access;
        this.jenkinsHome = jenkinsHome;
    }

    /** The instance Jenkins created. */
    public static PromotionGatesConfiguration get() {
        return ExtensionList.lookupSingleton(PromotionGatesConfiguration.class);
    }

    /** Replaces how the service is built and how policies are validated (the engine wiring does this once). */
    public synchronized void wire(ServiceFactory factory, PolicyCheck check) {
        ServiceFactory old = this.serviceFactory;
        this.serviceFactory = factory;
        this.policyCheck = check;
        if (old != factory) {
            old.close(); // the new factory may open the same embedded store
        }
        revalidate();
    }

    /**
     * The runtime built from the settings in force. After a change the new one is built first, then switched to;
     * what only the old one used is closed after the switch. After {@link #shutdown()} every gate denies.
     */
    public synchronized PromotionGatesRuntime runtime() {
        if (runtime == null || stale) {
            PromotionService service = shutDown ? new UnwiredPromotionService() : serviceFactory.create(settings());
            runtime = new PromotionGatesRuntime(service, background, WaitingGates.RUNNING_STEPS, access, poller,
                    AutomatedJobs.parse(automatedJobs));
            stale = false;
            serviceFactory.releaseUnused();
        }
        return runtime;
    }

    /** Jenkins stops: close the store and the plugin's threads (upstream runs {@code @Terminator} methods on shutdown). */
    @Terminator
    @Restricted(NoExternalUse.class)
    public static void terminate() {
        get().shutdown();
    }

    /** Closes the store and the plugin's threads; later uses get a service that denies everything. */
    public synchronized void shutdown() {
        shutDown = true;
        stale = true;
        serviceFactory.close();
        if (background instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // shutting down: nothing more to do
            }
        }
    }

    ServiceSettings settings() {
        return new ServiceSettings(lastGoodPolicy, trustedRoot, storeUrl, storeCredentialsId);
    }

    public String getPolicy() {
        return policy;
    }

    @DataBoundSetter
    public synchronized void setPolicy(String policy) {
        this.policy = policy == null ? "" : policy;
        revalidate();
    }

    public String getPolicyFile() {
        return policyFile;
    }

    @DataBoundSetter
    public synchronized void setPolicyFile(String policyFile) {
        this.policyFile = policyFile == null ? "" : policyFile.trim();
        revalidate();
    }

    public String getTrustedRoot() {
        return trustedRoot;
    }

    @DataBoundSetter
    public synchronized void setTrustedRoot(String trustedRoot) {
        this.trustedRoot = trustedRoot == null ? "" : trustedRoot.trim();
        changed();
    }

    public String getStoreUrl() {
        return storeUrl;
    }

    @DataBoundSetter
    public synchronized void setStoreUrl(String storeUrl) {
        this.storeUrl = storeUrl == null ? "" : storeUrl.trim();
        changed();
    }

    public String getStoreCredentialsId() {
        return storeCredentialsId;
    }

    @DataBoundSetter
    public synchronized void setStoreCredentialsId(String storeCredentialsId) {
        this.storeCredentialsId = storeCredentialsId == null ? "" : storeCredentialsId.trim();
        changed();
    }

    public String getAutomatedJobs() {
        return automatedJobs;
    }

    /**
     * Job full names or globs, one a line, whose runs count as an agent's whoever started them. Only an admin saves
     * the global configuration; a bad glob is refused with its line, and the list in force stays.
     */
    @DataBoundSetter
    public synchronized void setAutomatedJobs(String automatedJobs) {
        String text = automatedJobs == null ? "" : automatedJobs.strip();
        AutomatedJobs.parse(text); // throws with the line of a bad glob: never save a list that cannot be applied
        this.automatedJobs = text;
        changed();
    }

    /** Form validation of the automated jobs list. Administer only. */
    @POST
    public FormValidation doCheckAutomatedJobs(@QueryParameter String value) {
        if (!access.hasPermission(Jenkins.ADMINISTER)) {
            return FormValidation.ok();
        }
        try {
            int count = AutomatedJobs.parse(value).globs().size();
            return FormValidation.ok(count == 0 ? "No job is marked automated: runs nobody started still are"
                    : count + " pattern(s): every run of a matching job counts as an agent's");
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** Whether a validated policy is in force. */
    public synchronized boolean isPolicyApplied() {
        return lastGoodPolicy != null;
    }

    /** The problems that kept the most recently submitted policy from being applied. */
    public synchronized List<String> getPolicyProblems() {
        return List.copyOf(policyProblems);
    }

    /** For the page: what is in force and why. */
    public synchronized String getPolicyStatus() {
        if (policyProblems.isEmpty()) {
            return lastGoodPolicy == null ? "No policy is configured: every promotion is denied."
                    : "The submitted policy is valid and in force.";
        }
        return lastGoodPolicy == null
                ? "The submitted policy is invalid and was not applied; no policy is in force, so every promotion is denied."
                : "The submitted policy is invalid and was not applied; the last good policy stays in force.";
    }

    /** Form validation: loads the policy text and shows every located problem. Administer only. */
    @POST
    public FormValidation doCheckPolicy(@QueryParameter String value) {
        if (!access.hasPermission(Jenkins.ADMINISTER)) {
            return FormValidation.ok();
        }
        if (value == null || value.isBlank()) {
            return FormValidation.ok();
        }
        return toValidation(policyCheck.validate(value, INLINE));
    }

    /** Form validation of the policy file path (relative to JENKINS_HOME). Administer only. */
    @POST
    public FormValidation doCheckPolicyFile(@QueryParameter String value) {
        if (!access.hasPermission(Jenkins.ADMINISTER)) {
            return FormValidation.ok();
        }
        if (value == null || value.isBlank()) {
            return FormValidation.ok();
        }
        try {
            Path file = resolveUnderHome(value.trim());
            return toValidation(policyCheck.validate(Files.readString(file, StandardCharsets.UTF_8), value.trim()));
        } catch (IOException | IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** Form validation of the store URL: empty (embedded) or a PostgreSQL JDBC URL. Administer only. */
    @POST
    public FormValidation doCheckStoreUrl(@QueryParameter String value) {
        if (!access.hasPermission(Jenkins.ADMINISTER)) {
            return FormValidation.ok();
        }
        if (value == null || value.isBlank()) {
            return FormValidation.ok("Embedded store under JENKINS_HOME/promotion-gates");
        }
        return value.trim().startsWith("jdbc:postgresql://") ? FormValidation.ok()
                : FormValidation.error("Expected a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db), got '"
                        + value.trim() + "'");
    }

    private static FormValidation toValidation(List<String> problems) {
        return problems.isEmpty() ? FormValidation.ok("Policy is valid")
                : FormValidation.error(String.join("\n", problems));
    }

    /** Validates the policy source in effect (file wins over inline text) and applies it only if it is valid. */
    private void revalidate() {
        String source = policyFile.isEmpty() ? INLINE : policyFile;
        List<String> problems = new ArrayList<>();
        String text = null;
        try {
            text = policyFile.isEmpty() ? policy : Files.readString(resolveUnderHome(policyFile), StandardCharsets.UTF_8);
        } catch (IOException | IllegalArgumentException e) {
            problems.add(source + ": cannot read the policy file: " + e.getMessage());
        }
        if (text != null && text.isBlank()) {
            text = null;
        } else if (text != null) {
            problems.addAll(policyCheck.validate(text, source));
        }
        policyProblems = problems;
        if (problems.isEmpty()) {
            lastGoodPolicy = text;
        }
        changed();
    }

    /** The path must stay under JENKINS_HOME: no absolute paths, no {@code ..} escape. */
    Path resolveUnderHome(String relative) {
        Path home = jenkinsHome.get().toPath().toAbsolutePath().normalize();
        Path file = home.resolve(relative).normalize();
        if (Path.of(relative).isAbsolute() || !file.startsWith(home)) {
            throw new IllegalArgumentException("The policy file must be a path under JENKINS_HOME, got '" + relative + "'");
        }
        return file;
    }

    private void changed() {
        stale = true;
        save();
    }

    /** Keeps defaults for fields missing from an older saved file. */
    protected Object readResolve() {
        if (policyProblems == null) {
            policyProblems = new ArrayList<>();
        }
        if (automatedJobs == null) {
            automatedJobs = "";
        }
        return this;
    }
}
