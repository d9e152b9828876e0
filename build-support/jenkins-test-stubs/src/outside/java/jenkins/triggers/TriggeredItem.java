package jenkins.triggers;

/** Empty stand-in for upstream {@code jenkins.triggers.TriggeredItem} (Jenkins core, extends {@code Item} as upstream): outside the signature list, so not checked and given no members; see ../README.md. */
public interface TriggeredItem extends hudson.model.Item {
}
