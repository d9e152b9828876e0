package hudson.model;

/** Stub of upstream {@code hudson.model.Node}: signatures only, see README.md. */
abstract public class Node extends hudson.model.AbstractModelObject implements hudson.ExtensionPoint, hudson.model.PersistenceRoot, hudson.model.ReconfigurableDescribable<hudson.model.Node>, hudson.security.AccessControlled, jenkins.util.io.OnMaster {
}
