package jenkins.model;

/** Stub of upstream {@code jenkins.model.DirectlyModifiableTopLevelItemGroup}: signatures only, see README.md. */
public interface DirectlyModifiableTopLevelItemGroup extends jenkins.model.ModifiableTopLevelItemGroup {
}
