package hudson.model;

/** Stub of upstream {@code hudson.model.ReconfigurableDescribable}: signatures only, see README.md. */
public interface ReconfigurableDescribable<T extends hudson.model.ReconfigurableDescribable<T>> extends hudson.model.Describable<T> {
}
