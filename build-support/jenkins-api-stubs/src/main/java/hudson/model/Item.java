package hudson.model;

/** Stub of upstream {@code hudson.model.Item}: signatures only, see README.md. */
public interface Item extends hudson.model.PersistenceRoot, hudson.search.SearchableModelObject, hudson.security.AccessControlled, jenkins.model.FullyNamed, jenkins.model.FullyNamedModelObject, jenkins.model.Named, jenkins.util.io.OnMaster {
     hudson.security.Permission READ = null;
}
