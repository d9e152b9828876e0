package jenkins.model.lazy;

/** Stub of upstream {@code jenkins.model.lazy.LazyBuildMixIn}: signatures only, see README.md. */
abstract public class LazyBuildMixIn<JobT extends hudson.model.Job<JobT, RunT> & hudson.model.Queue.Task & jenkins.model.lazy.LazyBuildMixIn.LazyLoadingJob<JobT, RunT>, RunT extends hudson.model.Run<JobT, RunT> & jenkins.model.lazy.LazyBuildMixIn.LazyLoadingRun<JobT, RunT>> {

    public static interface LazyLoadingJob<JobT extends hudson.model.Job<JobT, RunT> & hudson.model.Queue.Task & jenkins.model.lazy.LazyBuildMixIn.LazyLoadingJob<JobT, RunT>, RunT extends hudson.model.Run<JobT, RunT> & jenkins.model.lazy.LazyBuildMixIn.LazyLoadingRun<JobT, RunT>> {
    }

    public static interface LazyLoadingRun<JobT extends hudson.model.Job<JobT, RunT> & hudson.model.Queue.Task & jenkins.model.lazy.LazyBuildMixIn.LazyLoadingJob<JobT, RunT>, RunT extends hudson.model.Run<JobT, RunT> & jenkins.model.lazy.LazyBuildMixIn.LazyLoadingRun<JobT, RunT>> {
    }
}
