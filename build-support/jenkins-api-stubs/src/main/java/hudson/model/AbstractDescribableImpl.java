package hudson.model;

/** Stub of upstream {@code hudson.model.AbstractDescribableImpl}: signatures only, see README.md. */
abstract public class AbstractDescribableImpl<T extends hudson.model.AbstractDescribableImpl<T>> implements hudson.model.Describable<T> {
    public AbstractDescribableImpl() {
    }
}
