package hudson.model;

/** Stub of upstream {@code hudson.model.ViewGroup}: signatures only, see README.md. */
public interface ViewGroup extends hudson.model.ModelObject, hudson.model.Saveable, hudson.security.AccessControlled {
}
