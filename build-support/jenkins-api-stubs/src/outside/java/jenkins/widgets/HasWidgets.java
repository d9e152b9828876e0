package jenkins.widgets;

/** Empty stand-in for upstream {@code jenkins.widgets.HasWidgets} (Jenkins core): outside the signature list, so not checked and given no members; see README.md. */
public interface HasWidgets {
}
