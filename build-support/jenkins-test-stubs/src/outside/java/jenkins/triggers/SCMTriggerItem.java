package jenkins.triggers;

/** Empty stand-in for upstream {@code jenkins.triggers.SCMTriggerItem} (Jenkins core): outside the signature list, so not checked and given no members; see ../README.md. */
public interface SCMTriggerItem {
}
