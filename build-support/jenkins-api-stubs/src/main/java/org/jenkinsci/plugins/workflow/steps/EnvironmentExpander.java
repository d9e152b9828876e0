package org.jenkinsci.plugins.workflow.steps;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.steps.EnvironmentExpander}: signatures only, see README.md. */
abstract public class EnvironmentExpander implements java.io.Serializable {
    abstract public void expand(hudson.EnvVars p0) throws InterruptedException, java.io.IOException;
    public java.util.Set<String> getSensitiveVariables() {
        return null;
    }
    public static org.jenkinsci.plugins.workflow.steps.EnvironmentExpander merge(org.jenkinsci.plugins.workflow.steps.EnvironmentExpander p0, org.jenkinsci.plugins.workflow.steps.EnvironmentExpander p1) {
        return null;
    }
}
