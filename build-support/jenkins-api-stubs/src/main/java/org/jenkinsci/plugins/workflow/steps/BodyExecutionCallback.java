package org.jenkinsci.plugins.workflow.steps;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback}: signatures only, see README.md. */
abstract public class BodyExecutionCallback implements java.io.Serializable {
    public BodyExecutionCallback() {
    }
    abstract public void onFailure(org.jenkinsci.plugins.workflow.steps.StepContext p0, Throwable p1);
    abstract public void onSuccess(org.jenkinsci.plugins.workflow.steps.StepContext p0, Object p1);
    public static org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback wrap(com.google.common.util.concurrent.FutureCallback<Object> p0) {
        return null;
    }
    public void onStart(org.jenkinsci.plugins.workflow.steps.StepContext p0) {
    }

    abstract public static class TailCall extends org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback {
        public TailCall() {
        }
        abstract protected void finished(org.jenkinsci.plugins.workflow.steps.StepContext p0) throws Exception;
        final public void onSuccess(org.jenkinsci.plugins.workflow.steps.StepContext p0, Object p1) {
        }
        public void onFailure(org.jenkinsci.plugins.workflow.steps.StepContext p0, Throwable p1) {
        }
    }
}
