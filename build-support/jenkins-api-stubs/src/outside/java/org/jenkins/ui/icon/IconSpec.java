package org.jenkins.ui.icon;

/** Empty stand-in for upstream {@code org.jenkins.ui.icon.IconSpec} (Jenkins core): outside the signature list, so not checked and given no members; see README.md. */
public interface IconSpec {
}
