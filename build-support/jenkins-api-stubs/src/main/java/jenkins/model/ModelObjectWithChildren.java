package jenkins.model;

/** Stub of upstream {@code jenkins.model.ModelObjectWithChildren}: signatures only, see README.md. */
public interface ModelObjectWithChildren extends hudson.model.ModelObject {
}
