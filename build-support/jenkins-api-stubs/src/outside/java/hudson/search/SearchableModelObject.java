package hudson.search;

/** Empty stand-in for upstream {@code hudson.search.SearchableModelObject} (Jenkins core): outside the signature list, so not checked and given no members; see README.md. */
public interface SearchableModelObject {
}
