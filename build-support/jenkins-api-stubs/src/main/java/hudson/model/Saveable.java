package hudson.model;

/** Stub of upstream {@code hudson.model.Saveable}: signatures only, see README.md. */
public interface Saveable {
}
