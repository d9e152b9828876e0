package jenkins.model;

/** Stub of upstream {@code jenkins.model.Jenkins}: signatures only, see README.md. */
public class Jenkins extends hudson.model.AbstractCIBase implements hudson.model.DescriptorByNameOwner, hudson.model.ModifiableViewGroup, hudson.security.AccessControlled, jenkins.model.DirectlyModifiableTopLevelItemGroup, jenkins.model.Loadable, jenkins.model.ModelObjectWithChildren, jenkins.model.ModelObjectWithContextMenu, jenkins.util.io.OnMaster, org.kohsuke.stapler.StaplerFallback, org.kohsuke.stapler.StaplerProxy {
    final public static hudson.security.Permission ADMINISTER = null;
    final public static hudson.security.Permission MANAGE = null;
    final public static hudson.security.Permission READ = null;
    public java.io.File getRootDir() {
        return null;
    }
    public static jenkins.model.Jenkins get() throws IllegalStateException {
        return null;
    }
}
