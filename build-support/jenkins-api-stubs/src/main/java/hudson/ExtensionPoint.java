package hudson;

/** Stub of upstream {@code hudson.ExtensionPoint}: signatures only, see README.md. */
public interface ExtensionPoint {
}
