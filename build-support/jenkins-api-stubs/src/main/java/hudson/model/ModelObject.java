package hudson.model;

/** Stub of upstream {@code hudson.model.ModelObject}: signatures only, see README.md. */
public interface ModelObject {
}
