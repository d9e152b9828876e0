package hudson;

/** Stub of upstream {@code hudson.FilePath}: signatures only, see README.md. */
final public class FilePath implements org.jenkinsci.remoting.SerializableOnlyOverRemoting {
    public FilePath(hudson.FilePath p0, String p1) {
    }
    public FilePath(hudson.remoting.VirtualChannel p0, String p1) {
    }
    public FilePath(java.io.File p0) {
        this.local = p0;
    }

    // The only stub with behaviour: a local FilePath runs its callable in-process, so tests exercise the real
    // agent-side code (upstream does the same for a FilePath without a channel).
    private java.io.File local;
    public <T> T act(hudson.FilePath.FileCallable<T> p0) throws InterruptedException, java.io.IOException {
        if (local == null) {
            throw new UnsupportedOperationException("stub: only FilePath(File) can act");
        }
        return p0.invoke(local, null);
    }
    public String getRemote() {
        return local == null ? null : local.getPath();
    }

    public static interface FileCallable<T> extends java.io.Serializable, org.jenkinsci.remoting.RoleSensitive {
        abstract public T invoke(java.io.File p0, hudson.remoting.VirtualChannel p1) throws InterruptedException, java.io.IOException;
    }
}
