package jenkins.model;

/** Stub of upstream {@code jenkins.model.FullyNamed}: signatures only, see README.md. */
public interface FullyNamed {
}
