package org.jenkinsci.plugins.workflow.job;

/** Stub of upstream {@code org.jenkinsci.plugins.workflow.job.WorkflowJob}: signatures only, see README.md. */
final public class WorkflowJob extends hudson.model.Job<org.jenkinsci.plugins.workflow.job.WorkflowJob, org.jenkinsci.plugins.workflow.job.WorkflowRun> implements hudson.model.Queue.FlyweightTask, hudson.model.TopLevelItem, jenkins.model.ParameterizedJobMixIn.ParameterizedJob<org.jenkinsci.plugins.workflow.job.WorkflowJob, org.jenkinsci.plugins.workflow.job.WorkflowRun>, jenkins.model.lazy.LazyBuildMixIn.LazyLoadingJob<org.jenkinsci.plugins.workflow.job.WorkflowJob, org.jenkinsci.plugins.workflow.job.WorkflowRun>, jenkins.triggers.SCMTriggerItem, org.jenkinsci.plugins.workflow.flow.BlockableResume {
    public WorkflowJob(hudson.model.ItemGroup p0, String p1) {
        super(p0, p1);
    }
    public void setDefinition(org.jenkinsci.plugins.workflow.flow.FlowDefinition p0) {
    }
}
