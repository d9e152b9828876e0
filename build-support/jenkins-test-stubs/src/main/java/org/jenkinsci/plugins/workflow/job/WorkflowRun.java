package org.jenkinsci.plugins.workflow.job;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.job.WorkflowRun}: signatures only, see README.md. */
final public class WorkflowRun extends hudson.model.Run<org.jenkinsci.plugins.workflow.job.WorkflowJob, org.jenkinsci.plugins.workflow.job.WorkflowRun> implements jenkins.model.lazy.LazyBuildMixIn.LazyLoadingRun<org.jenkinsci.plugins.workflow.job.WorkflowJob, org.jenkinsci.plugins.workflow.job.WorkflowRun>, jenkins.scm.RunWithSCM<org.jenkinsci.plugins.workflow.job.WorkflowJob, org.jenkinsci.plugins.workflow.job.WorkflowRun>, org.jenkinsci.plugins.workflow.flow.FlowExecutionOwner.Executable {
    public WorkflowRun(org.jenkinsci.plugins.workflow.job.WorkflowJob p0) throws java.io.IOException {
        super(p0);
    }
    public WorkflowRun(org.jenkinsci.plugins.workflow.job.WorkflowJob p0, java.io.File p1) throws java.io.IOException {
        super(p0, p1);
    }
    public java.util.List<hudson.scm.ChangeLogSet<? extends hudson.scm.ChangeLogSet.Entry>> getChangeSets() {
        return null;
    }
    public void run() {
    }
}
