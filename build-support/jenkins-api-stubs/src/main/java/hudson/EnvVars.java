package hudson;

/** Stub of upstream {@code hudson.EnvVars}: signatures only, see README.md. */
public class EnvVars extends java.util.TreeMap<String, String> {
    public EnvVars() {
    }
    public EnvVars(String... p0) {
    }
    public EnvVars(hudson.EnvVars p0) {
    }
    public EnvVars(java.util.Map<String, String> p0) {
    }
    public void override(String p0, String p1) {
    }
}
