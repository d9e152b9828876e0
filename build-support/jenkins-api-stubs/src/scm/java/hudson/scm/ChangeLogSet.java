package hudson.scm;

/** Stub of upstream {@code hudson.scm.ChangeLogSet}: signatures only, see README.md. */
abstract public class ChangeLogSet<T extends hudson.scm.ChangeLogSet.Entry> implements Iterable<T> {
    protected ChangeLogSet(hudson.model.Run<?, ?> p0, hudson.scm.RepositoryBrowser<?> p1) {
    }
    abstract public boolean isEmptySet();

    abstract public static class Entry {
        public Entry() {
        }
        abstract public String getMsg();
        abstract public hudson.model.User getAuthor();
        abstract public java.util.Collection<String> getAffectedPaths();
        public String getCommitId() {
            return null;
        }
    }
}
