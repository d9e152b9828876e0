package hudson.init;

/** Stub of upstream {@code hudson.init.TermMilestone}: signatures only, see README.md. */
public enum TermMilestone implements org.jvnet.hudson.reactor.Milestone {
    COMPLETED, STARTED;
}
