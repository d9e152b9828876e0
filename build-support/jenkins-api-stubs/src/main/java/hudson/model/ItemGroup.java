package hudson.model;

/** Stub of upstream {@code hudson.model.ItemGroup}: signatures only, see README.md. */
public interface ItemGroup<T extends hudson.model.Item> extends hudson.model.PersistenceRoot, jenkins.model.FullyNamed, jenkins.model.FullyNamedModelObject {
}
