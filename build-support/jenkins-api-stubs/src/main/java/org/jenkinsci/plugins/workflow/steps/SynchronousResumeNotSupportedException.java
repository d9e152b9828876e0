package org.jenkinsci.plugins.workflow.steps;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.steps.SynchronousResumeNotSupportedException}: signatures only, see README.md. */
public class SynchronousResumeNotSupportedException extends Exception {
    public SynchronousResumeNotSupportedException() {
    }
    public SynchronousResumeNotSupportedException(org.jenkinsci.plugins.workflow.steps.StepContext p0) {
    }
}
