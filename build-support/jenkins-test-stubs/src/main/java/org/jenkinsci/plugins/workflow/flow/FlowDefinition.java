package org.jenkinsci.plugins.workflow.flow;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.flow.FlowDefinition}: signatures only, see README.md. */
abstract public class FlowDefinition extends hudson.model.AbstractDescribableImpl<org.jenkinsci.plugins.workflow.flow.FlowDefinition> implements hudson.ExtensionPoint {
}
