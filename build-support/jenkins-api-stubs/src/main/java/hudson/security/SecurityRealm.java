package hudson.security;

/** Stub of upstream {@code hudson.security.SecurityRealm}: signatures only, see README.md. */
abstract public class SecurityRealm implements hudson.ExtensionPoint, hudson.model.Describable<hudson.security.SecurityRealm> {
    public SecurityRealm() {
    }
    public hudson.security.GroupDetails loadGroupByGroupname2(String p0, boolean p1) throws org.springframework.security.core.userdetails.UsernameNotFoundException {
        return null;
    }
}
