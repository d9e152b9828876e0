package hudson.remoting;

/** Stub of upstream {@code hudson.remoting.VirtualChannel}: signatures only, see README.md. */
public interface VirtualChannel {
}
