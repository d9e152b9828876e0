package org.jenkinsci.plugins.workflow.cps;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition}: signatures only, see README.md. */
public class CpsFlowDefinition extends org.jenkinsci.plugins.workflow.flow.FlowDefinition {
    public CpsFlowDefinition(String p0) throws hudson.model.Descriptor.FormException {
    }
    public CpsFlowDefinition(String p0, boolean p1) throws hudson.model.Descriptor.FormException {
    }
}
