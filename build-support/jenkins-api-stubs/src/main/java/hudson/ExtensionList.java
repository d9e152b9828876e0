package hudson;

/** Stub of upstream {@code hudson.ExtensionList}: signatures only, see README.md. */
public class ExtensionList<T> extends java.util.AbstractList<T> implements jenkins.util.io.OnMaster {
    public <U extends T> U get(Class<U> p0) {
        return null;
    }
    public T get(int p0) {
        return null;
    }
    public int size() {
        return 0;
    }
    public static <U> U lookupSingleton(Class<U> p0) {
        return null;
    }
}
