package org.jenkinsci.plugins.workflow.steps;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.steps.BodyInvoker}: signatures only, see README.md. */
abstract public class BodyInvoker {
    abstract public org.jenkinsci.plugins.workflow.steps.BodyExecution start();
    abstract public org.jenkinsci.plugins.workflow.steps.BodyInvoker withCallback(org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback p0);
    abstract public org.jenkinsci.plugins.workflow.steps.BodyInvoker withContext(Object p0);
    final public org.jenkinsci.plugins.workflow.steps.BodyInvoker withCallback(com.google.common.util.concurrent.FutureCallback<Object> p0) {
        return null;
    }
    public org.jenkinsci.plugins.workflow.steps.BodyInvoker withContexts(Object... p0) {
        return null;
    }
    public org.jenkinsci.plugins.workflow.steps.BodyInvoker withContexts(java.util.Collection<?> p0) {
        return null;
    }
    public static hudson.console.ConsoleLogFilter mergeConsoleLogFilters(hudson.console.ConsoleLogFilter p0, hudson.console.ConsoleLogFilter p1) {
        return null;
    }
}
