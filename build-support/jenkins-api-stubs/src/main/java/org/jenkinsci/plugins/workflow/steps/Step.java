package org.jenkinsci.plugins.workflow.steps;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.steps.Step}: signatures only, see README.md. */
abstract public class Step extends hudson.model.AbstractDescribableImpl<org.jenkinsci.plugins.workflow.steps.Step> implements hudson.ExtensionPoint {
    public Step() {
    }
    abstract public org.jenkinsci.plugins.workflow.steps.StepExecution start(org.jenkinsci.plugins.workflow.steps.StepContext p0) throws Exception;
    public org.jenkinsci.plugins.workflow.steps.StepDescriptor getDescriptor() {
        return null;
    }
}
