package hudson.tasks;

/** Stub of upstream {@code hudson.tasks.BuildStepCompatibilityLayer}: signatures only, see README.md. */
abstract public class BuildStepCompatibilityLayer implements hudson.tasks.BuildStep {
    public BuildStepCompatibilityLayer() {
    }
}
