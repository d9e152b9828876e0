package hudson.model;

/** Stub of upstream {@code hudson.model.RootAction}: signatures only, see README.md. */
public interface RootAction extends hudson.ExtensionPoint, hudson.model.Action {
}
