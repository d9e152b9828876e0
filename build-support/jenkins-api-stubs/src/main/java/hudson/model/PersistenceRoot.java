package hudson.model;

/** Stub of upstream {@code hudson.model.PersistenceRoot}: signatures only, see README.md. */
public interface PersistenceRoot extends hudson.model.Saveable {
}
