package hudson.model;

/** Stub of upstream {@code hudson.model.ModifiableItemGroup}: signatures only, see README.md. */
public interface ModifiableItemGroup<T extends hudson.model.Item> extends hudson.model.ItemGroup<T> {
}
