package org.jenkinsci.plugins.workflow.flow;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.flow.BlockableResume}: signatures only, see README.md. */
public interface BlockableResume {
}
