package hudson.model;

/** Stub of upstream {@code hudson.model.InvisibleAction}: signatures only, see README.md. */
abstract public class InvisibleAction implements hudson.model.Action {
}
