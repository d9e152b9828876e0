package hudson.model;

/** Stub of upstream {@code hudson.model.Describable}: signatures only, see README.md. */
public interface Describable<T extends hudson.model.Describable<T>> {
}
