package jenkins.model;

/** Stub of upstream {@code jenkins.model.FullyNamedModelObject}: signatures only, see README.md. */
public interface FullyNamedModelObject extends hudson.model.ModelObject {
}
