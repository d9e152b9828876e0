package hudson.util;

/** Stub of upstream {@code hudson.util.Secret}: signatures only, see README.md. */
final public class Secret implements java.io.Serializable {
    // Behaviour exception (README): keeps the plain value so tests can check what a step binds. No encryption.
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public String getPlainText() {
        return value;
    }
    public static hudson.util.Secret fromString(String p0) {
        return new Secret(p0 == null ? "" : p0);
    }
}
