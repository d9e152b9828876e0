package jenkins.console;

/** Empty stand-in for upstream {@code jenkins.console.WithConsoleUrl} (Jenkins core): outside the signature list, so not checked and given no members; see README.md. */
public interface WithConsoleUrl {
}
