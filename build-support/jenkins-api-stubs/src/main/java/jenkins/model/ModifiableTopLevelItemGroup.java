package jenkins.model;

/** Stub of upstream {@code jenkins.model.ModifiableTopLevelItemGroup}: signatures only, see README.md. */
public interface ModifiableTopLevelItemGroup extends hudson.model.ModifiableItemGroup<hudson.model.TopLevelItem> {
}
