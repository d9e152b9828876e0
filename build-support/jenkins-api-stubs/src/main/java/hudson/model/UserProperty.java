package hudson.model;

/** Stub of upstream {@code hudson.model.UserProperty}: signatures only, see README.md. */
abstract public class UserProperty implements hudson.ExtensionPoint, hudson.model.ReconfigurableDescribable<hudson.model.UserProperty> {
    public UserProperty() {
    }
}
