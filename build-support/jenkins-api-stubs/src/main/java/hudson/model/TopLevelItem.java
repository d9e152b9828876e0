package hudson.model;

/** Stub of upstream {@code hudson.model.TopLevelItem}: signatures only, see README.md. */
public interface TopLevelItem extends hudson.ExtensionPoint, hudson.model.Describable<hudson.model.TopLevelItem>, hudson.model.Item {
}
