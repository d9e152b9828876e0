package org.jenkinsci.plugins.workflow.steps;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.steps.StepDescriptor}: signatures only, see README.md. */
abstract public class StepDescriptor extends hudson.model.Descriptor<org.jenkinsci.plugins.workflow.steps.Step> {
    public StepDescriptor() {
    }
    abstract public String getFunctionName();
    abstract public java.util.Set<? extends Class<?>> getRequiredContext();
    public boolean takesImplicitBlockArgument() {
        return false;
    }
}
