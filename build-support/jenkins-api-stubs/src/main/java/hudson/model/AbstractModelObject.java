package hudson.model;

/** Stub of upstream {@code hudson.model.AbstractModelObject}: signatures only, see README.md. */
abstract public class AbstractModelObject implements hudson.search.SearchableModelObject {
}
