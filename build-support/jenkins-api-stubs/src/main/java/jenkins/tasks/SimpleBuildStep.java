package jenkins.tasks;

/** Stub of upstream {@code jenkins.tasks.SimpleBuildStep}: signatures only, see README.md. */
public interface SimpleBuildStep extends hudson.tasks.BuildStep {
}
