package hudson.tasks;

/** Stub of upstream {@code hudson.tasks.Publisher}: signatures only, see README.md. */
abstract public class Publisher extends hudson.tasks.BuildStepCompatibilityLayer implements hudson.model.Describable<hudson.tasks.Publisher> {
    protected Publisher() {
    }
}
