package jenkins.model;

/** Stub of upstream {@code jenkins.model.Named}: signatures only, see README.md. */
public interface Named {
}
