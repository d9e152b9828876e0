package hudson.security;

/** Stub of upstream {@code hudson.security.PermissionGroup}: signatures only, see README.md. */
final public class PermissionGroup implements Comparable<hudson.security.PermissionGroup>, Iterable<hudson.security.Permission> {
    public PermissionGroup(Class p0, org.jvnet.localizer.Localizable p1) throws IllegalStateException {
    }
    public PermissionGroup(String p0, Class p1, org.jvnet.localizer.Localizable p2) throws IllegalStateException {
    }
    public int compareTo(hudson.security.PermissionGroup p0) {
        return 0;
    }
    public java.util.Iterator<hudson.security.Permission> iterator() {
        return null;
    }
}
