package org.jenkinsci.plugins.workflow.steps;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.steps.FailureHandler}: signatures only, see README.md. */
public interface FailureHandler extends java.io.Serializable {
    abstract public Throwable handle(org.jenkinsci.plugins.workflow.steps.StepContext p0, Throwable p1);
    public static org.jenkinsci.plugins.workflow.steps.FailureHandler merge(org.jenkinsci.plugins.workflow.steps.FailureHandler p0, org.jenkinsci.plugins.workflow.steps.FailureHandler p1) {
        return null;
    }
}
