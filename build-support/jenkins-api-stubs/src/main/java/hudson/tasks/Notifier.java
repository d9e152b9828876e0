package hudson.tasks;

/** Stub of upstream {@code hudson.tasks.Notifier}: signatures only, see README.md. */
abstract public class Notifier extends hudson.tasks.Publisher implements hudson.ExtensionPoint {
    protected Notifier() {
    }
}
