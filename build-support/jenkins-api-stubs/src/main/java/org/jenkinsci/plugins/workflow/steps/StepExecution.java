package org.jenkinsci.plugins.workflow.steps;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.steps.StepExecution}: signatures only, see README.md. */
abstract public class StepExecution implements java.io.Serializable {
    protected StepExecution() {
    }
    protected StepExecution(org.jenkinsci.plugins.workflow.steps.StepContext p0) {
        this.context = p0;
    }

    // Kept so that executions built in tests can reach their (test double) context, as upstream does.
    private org.jenkinsci.plugins.workflow.steps.StepContext context;
    abstract public boolean start() throws Exception;
    public String getStatus() {
        return null;
    }
    public org.jenkinsci.plugins.workflow.steps.StepContext getContext() {
        return context;
    }
    public static <T extends org.jenkinsci.plugins.workflow.steps.StepExecution> com.google.common.util.concurrent.ListenableFuture<?> acceptAll(Class<T> p0, java.util.function.Consumer<T> p1) {
        return null;
    }
    public static com.google.common.util.concurrent.ListenableFuture<?> acceptAll(java.util.function.Consumer<org.jenkinsci.plugins.workflow.steps.StepExecution> p0) {
        return null;
    }
    public boolean blocksRestart() {
        return false;
    }
    public void onResume() {
    }
    public void stop(Throwable p0) throws Exception {
    }
}
