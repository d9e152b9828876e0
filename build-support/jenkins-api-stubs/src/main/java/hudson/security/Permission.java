package hudson.security;

/** Stub of upstream {@code hudson.security.Permission}: signatures only, see README.md. */
final public class Permission {
    final public static hudson.security.PermissionGroup GROUP = null;
    public Permission(hudson.security.PermissionGroup p0, String p1, hudson.security.Permission p2) {
    }
    public Permission(hudson.security.PermissionGroup p0, String p1, org.jvnet.localizer.Localizable p2, hudson.security.Permission p3) {
    }
    public Permission(hudson.security.PermissionGroup p0, String p1, org.jvnet.localizer.Localizable p2, hudson.security.Permission p3, boolean p4) {
    }
    public String getId() {
        return null;
    }
}
