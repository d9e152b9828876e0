package hudson.tasks;

/** Stub of upstream {@code hudson.tasks.BuildStepDescriptor}: signatures only, see README.md. */
abstract public class BuildStepDescriptor<T extends hudson.tasks.BuildStep & hudson.model.Describable<T>> extends hudson.model.Descriptor<T> {
    protected BuildStepDescriptor() {
    }
    protected BuildStepDescriptor(Class<? extends T> p0) {
        super(p0);
    }
}
