package hudson.console;

/** Stub of upstream {@code hudson.console.ConsoleLogFilter}: signatures only, see README.md. */
abstract public class ConsoleLogFilter implements hudson.ExtensionPoint {
    public java.io.OutputStream decorateLogger(hudson.model.Run p0, java.io.OutputStream p1) throws InterruptedException, java.io.IOException {
        return null;
    }
}
