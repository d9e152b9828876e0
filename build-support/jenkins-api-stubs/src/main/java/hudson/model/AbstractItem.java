package hudson.model;

/** Stub of upstream {@code hudson.model.AbstractItem}: signatures only, see README.md. */
abstract public class AbstractItem extends hudson.model.Actionable implements hudson.model.DescriptorByNameOwner, hudson.model.Item, hudson.security.AccessControlled, jenkins.model.Loadable, org.kohsuke.stapler.HttpDeletable, org.kohsuke.stapler.StaplerProxy {
    final public String getFullName() {
        return null;
    }
}
