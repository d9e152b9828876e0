package hudson;

/** Stub of upstream {@code hudson.AbortException}: signatures only, see README.md. */
public class AbortException extends java.io.IOException {
    public AbortException() {
    }
    public AbortException(String p0) {
        super(p0);
    }
}
