package org.jenkinsci.plugins.workflow.flow;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.flow.FlowExecutionOwner}: signatures only, see README.md. */
abstract public class FlowExecutionOwner implements java.io.Serializable {

    public static interface Executable extends hudson.model.Queue.Executable {
    }
}
