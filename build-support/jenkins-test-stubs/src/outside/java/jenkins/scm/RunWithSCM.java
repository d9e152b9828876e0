package jenkins.scm;

/** Empty stand-in for upstream {@code jenkins.scm.RunWithSCM} (Jenkins core, same type parameters): outside the signature list, so not checked and given no members; see ../README.md. */
public interface RunWithSCM<JobT extends hudson.model.Job<JobT, RunT>,
        RunT extends hudson.model.Run<JobT, RunT> & RunWithSCM<JobT, RunT>> {
}
