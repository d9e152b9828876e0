package org.jenkinsci.plugins.workflow.steps;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.steps.StepContext}: signatures only, see README.md. */
abstract public class StepContext implements com.google.common.util.concurrent.FutureCallback<Object>, java.io.Serializable {
    public StepContext() {
    }
    abstract public <T> T get(Class<T> p0) throws InterruptedException, java.io.IOException;
    abstract public boolean equals(Object p0);
    abstract public boolean isReady();
    abstract public com.google.common.util.concurrent.ListenableFuture<Void> saveState();
    abstract public int hashCode();
    abstract public org.jenkinsci.plugins.workflow.steps.BodyInvoker newBodyInvoker() throws IllegalStateException;
    abstract public void onSuccess(Object p0);
    abstract public void setResult(hudson.model.Result p0);
    public boolean hasBody() {
        return false;
    }
}
