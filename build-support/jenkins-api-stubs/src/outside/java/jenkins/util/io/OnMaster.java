package jenkins.util.io;

/** Empty stand-in for upstream {@code jenkins.util.io.OnMaster} (Jenkins core): outside the signature list, so not checked and given no members; see README.md. */
public interface OnMaster {
}
