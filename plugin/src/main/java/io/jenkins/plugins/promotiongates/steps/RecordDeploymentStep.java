package io.jenkins.plugins.promotiongates.steps;

import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.promotiongates.config.RuntimeLocator;
import io.jenkins.plugins.promotiongates.engine.service.DeploymentReport;
import io.jenkins.plugins.promotiongates.engine.service.DeploymentReport.DeploymentOutcome;
import io.jenkins.plugins.promotiongates.util.RunRefs;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.io.Serializable;
import java.util.Set;

/** {@code recordDeployment(environment: 'canary', outcome: 'success')}: closes the promotion's audit chain. */
public final class RecordDeploymentStep extends Step implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String environment;
    private final String outcome;
    private String detail = "";

    @DataBoundConstructor
    public RecordDeploymentStep(String environment, String outcome) {
        this.environment = environment;
        this.outcome = outcome;
    }

    public String getEnvironment() {
        return environment;
    }

    public String getOutcome() {
        return outcome;
    }

    public String getDetail() {
        return detail;
    }

    @DataBoundSetter
    public void setDetail(String detail) {
        this.detail = detail == null ? "" : detail;
    }

    /** 'success', 'failure' or 'rolledBack'. */
    static DeploymentOutcome parseOutcome(String text) throws AbortException {
        return switch (text) {
            case "success" -> DeploymentOutcome.SUCCESS;
            case "failure" -> DeploymentOutcome.FAILURE;
            case "rolledBack" -> DeploymentOutcome.ROLLED_BACK;
            default -> throw new AbortException("recordDeployment: outcome must be 'success', 'failure' or 'rolledBack', got '"
                    + text + "'");
        };
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this, null);
    }

    /** Runs off the CPS VM thread (the store may be remote). */
    static final class Execution extends SynchronousNonBlockingStepExecution<Void> {
        private static final long serialVersionUID = 1L;
        private final transient RecordDeploymentStep step;
        private final transient RuntimeLocator locator;

        Execution(StepContext context, RecordDeploymentStep step, RuntimeLocator locator) {
            super(context);
            this.step = step;
            this.locator = locator;
        }

        @Override
        protected Void run() throws Exception {
            DeploymentOutcome parsed = parseOutcome(step.getOutcome());
            Run<?, ?> run = getContext().get(Run.class);
            try {
                RuntimeLocator.resolve(locator).service().recordDeployment(
                        new DeploymentReport(step.getEnvironment(), RunRefs.of(run), parsed, step.getDetail()));
            } catch (RuntimeException e) {
                throw new AbortException("recordDeployment: the audit store did not record the " + step.getOutcome()
                        + " in '" + step.getEnvironment() + "': " + e.getMessage());
            }
            getContext().get(TaskListener.class).getLogger().println("[promotion-gates] Recorded deployment to '"
                    + step.getEnvironment() + "': " + step.getOutcome());
            return null;
        }
    }

    @Extension
    @Symbol("recordDeployment")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "recordDeployment";
        }

        @Override
        public String getDisplayName() {
            return "Record the outcome of a deployment for the promotion audit trail";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
