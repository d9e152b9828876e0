package jenkins.scm;

/** Stub of upstream {@code jenkins.scm.RunWithSCM}: signatures only, see README.md. */
public interface RunWithSCM<JobT extends hudson.model.Job<JobT, RunT>, RunT extends hudson.model.Run<JobT, RunT> & jenkins.scm.RunWithSCM<JobT, RunT>> {
    abstract public java.util.List<hudson.scm.ChangeLogSet<? extends hudson.scm.ChangeLogSet.Entry>> getChangeSets();
}
