package jenkins.model;

/** Stub of upstream {@code jenkins.model.ParameterizedJobMixIn}: signatures only, see README.md. */
abstract public class ParameterizedJobMixIn<JobT extends hudson.model.Job<JobT, RunT> & jenkins.model.ParameterizedJobMixIn.ParameterizedJob<JobT, RunT> & hudson.model.Queue.Task, RunT extends hudson.model.Run<JobT, RunT> & hudson.model.Queue.Executable> {

    public static interface ParameterizedJob<JobT extends hudson.model.Job<JobT, RunT> & jenkins.model.ParameterizedJobMixIn.ParameterizedJob<JobT, RunT> & hudson.model.Queue.Task, RunT extends hudson.model.Run<JobT, RunT> & hudson.model.Queue.Executable> extends hudson.model.BuildableItem, jenkins.triggers.TriggeredItem {
    }
}
