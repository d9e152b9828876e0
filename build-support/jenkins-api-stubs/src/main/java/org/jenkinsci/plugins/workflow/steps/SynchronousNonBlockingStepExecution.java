package org.jenkinsci.plugins.workflow.steps;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution}: signatures only, see README.md. */
abstract public class SynchronousNonBlockingStepExecution<T> extends org.jenkinsci.plugins.workflow.steps.StepExecution {
    protected SynchronousNonBlockingStepExecution(org.jenkinsci.plugins.workflow.steps.StepContext p0) {
        super(p0);
    }
    abstract protected T run() throws Exception;
    final public boolean start() throws Exception {
        return false;
    }
    public String getStatus() {
        return null;
    }
    public void onResume() {
    }
    public void stop(Throwable p0) throws Exception {
    }
}
