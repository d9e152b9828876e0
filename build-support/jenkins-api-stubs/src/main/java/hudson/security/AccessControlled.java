package hudson.security;

/** Stub of upstream {@code hudson.security.AccessControlled}: signatures only, see README.md. */
public interface AccessControlled {
    default public boolean hasPermission(hudson.security.Permission p0) {
        return false;
    }
    default public boolean hasPermission2(org.springframework.security.core.Authentication p0, hudson.security.Permission p1) {
        return false;
    }
}
