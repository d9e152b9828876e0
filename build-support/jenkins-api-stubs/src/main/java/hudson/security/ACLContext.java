package hudson.security;

/** Stub of upstream {@code hudson.security.ACLContext}: signatures only, see README.md. */
public class ACLContext implements AutoCloseable {
    // Behaviour exception (README): restores the previous security context on close, as upstream ACLContext does.
    private final org.springframework.security.core.context.SecurityContext previous;

    ACLContext(org.springframework.security.core.context.SecurityContext previous) {
        this.previous = previous;
    }

    public void close() {
        org.springframework.security.core.context.SecurityContextHolder.setContext(previous);
    }
}
