package jenkins.model;

/** Stub of upstream {@code jenkins.model.Loadable}: signatures only, see README.md. */
public interface Loadable {
}
