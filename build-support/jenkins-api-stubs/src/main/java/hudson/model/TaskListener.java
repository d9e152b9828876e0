package hudson.model;

/** Stub of upstream {@code hudson.model.TaskListener}: signatures only, see README.md. */
public interface TaskListener extends org.jenkinsci.remoting.SerializableOnlyOverRemoting {
    abstract public java.io.PrintStream getLogger();
}
