package hudson.scm;

/** Stub of upstream {@code hudson.scm.RepositoryBrowser}: signatures only, see README.md. */
abstract public class RepositoryBrowser<E extends hudson.scm.ChangeLogSet.Entry> implements hudson.ExtensionPoint, hudson.model.Describable<hudson.scm.RepositoryBrowser<?>>, java.io.Serializable {
    public RepositoryBrowser() {
    }
}
