package hudson.model;

/** Stub of upstream {@code hudson.model.AbstractCIBase}: signatures only, see README.md. */
abstract public class AbstractCIBase extends hudson.model.Node implements hudson.model.DescriptorByNameOwner, hudson.model.ItemGroup<hudson.model.TopLevelItem>, hudson.model.ViewGroup, hudson.security.AccessControlled, org.kohsuke.stapler.StaplerFallback, org.kohsuke.stapler.StaplerProxy {
}
