package hudson.tasks;

/** Stub of upstream {@code hudson.tasks.BuildStep}: signatures only, see README.md. */
public interface BuildStep {
}
