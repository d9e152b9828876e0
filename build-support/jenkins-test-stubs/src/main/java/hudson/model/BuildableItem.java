package hudson.model;

/** Stub of upstream {@code hudson.model.BuildableItem}: signatures only, see README.md. */
public interface BuildableItem extends hudson.model.Item, hudson.model.Queue.Task {
}
