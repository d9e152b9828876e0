package jenkins.model;

/** Stub of upstream {@code jenkins.model.ModelObjectWithContextMenu}: signatures only, see README.md. */
public interface ModelObjectWithContextMenu extends hudson.model.ModelObject {
}
