package jenkins.model;

/** Stub of upstream {@code jenkins.model.GlobalConfiguration}: signatures only, see README.md. */
abstract public class GlobalConfiguration extends hudson.model.Descriptor<jenkins.model.GlobalConfiguration> implements hudson.ExtensionPoint, hudson.model.Describable<jenkins.model.GlobalConfiguration> {
    protected GlobalConfiguration() {
    }
}
