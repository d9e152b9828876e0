package hudson.security;

/** Stub of upstream {@code hudson.security.AccessControlled}: signatures only, see README.md. */
public interface AccessControlled {
    default public boolean hasPermission(hudson.security.Permission p0) {
        return false;
    }
}
