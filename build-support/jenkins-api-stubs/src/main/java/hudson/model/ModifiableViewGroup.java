package hudson.model;

/** Stub of upstream {@code hudson.model.ModifiableViewGroup}: signatures only, see README.md. */
public interface ModifiableViewGroup extends hudson.model.ViewGroup {
}
