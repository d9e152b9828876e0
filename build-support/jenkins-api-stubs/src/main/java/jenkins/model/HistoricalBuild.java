package jenkins.model;

/** Stub of upstream {@code jenkins.model.HistoricalBuild}: signatures only, see README.md. */
public interface HistoricalBuild extends jenkins.model.FullyNamedModelObject {
}
