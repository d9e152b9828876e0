package hudson.security;

/** Stub of upstream {@code hudson.security.ACL}: signatures only, see README.md. */
abstract public class ACL {
    // Behaviour exception (README): SYSTEM2 is a real Authentication named "SYSTEM" (upstream ACL.SYSTEM2), and as2
    // installs the authentication in Spring's thread-local SecurityContextHolder and the returned ACLContext restores
    // the previous context on close, as upstream ACL.as2 does (core/src/main/java/hudson/security/ACL.java).
    final public static org.springframework.security.core.Authentication SYSTEM2 = new SystemAuthentication();

    public ACL() {
    }

    public static hudson.security.ACLContext as2(org.springframework.security.core.Authentication p0) {
        org.springframework.security.core.context.SecurityContext previous =
                org.springframework.security.core.context.SecurityContextHolder.getContext();
        org.springframework.security.core.context.SecurityContext context =
                org.springframework.security.core.context.SecurityContextHolder.createEmptyContext();
        context.setAuthentication(p0);
        org.springframework.security.core.context.SecurityContextHolder.setContext(context);
        return new hudson.security.ACLContext(previous);
    }

    /** Upstream's SYSTEM2 is a UsernamePasswordAuthenticationToken for "SYSTEM"; this one needs no Spring internals. */
    private static final class SystemAuthentication implements org.springframework.security.core.Authentication {
        private static final long serialVersionUID = 1L;

        @Override
        public java.util.Collection<? extends org.springframework.security.core.GrantedAuthority> getAuthorities() {
            return java.util.List.of();
        }

        @Override
        public Object getCredentials() {
            return "SYSTEM";
        }

        @Override
        public Object getDetails() {
            return null;
        }

        @Override
        public Object getPrincipal() {
            return "SYSTEM";
        }

        @Override
        public boolean isAuthenticated() {
            return true;
        }

        @Override
        public void setAuthenticated(boolean authenticated) {
        }

        @Override
        public String getName() {
            return "SYSTEM";
        }

        @Override
        public String toString() {
            return "SYSTEM";
        }
    }
}
