package org.jenkinsci.plugins.workflow.steps;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.steps.BodyExecution}: signatures only, see README.md. */
abstract public class BodyExecution implements java.io.Serializable, java.util.concurrent.Future<Object> {
    public boolean cancel(Throwable p0) {
        return false;
    }
    public boolean cancel(boolean p0) {
        return false;
    }
}
