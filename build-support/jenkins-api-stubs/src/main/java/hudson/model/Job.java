package hudson.model;

/** Stub of upstream {@code hudson.model.Job}: signatures only, see README.md. */
abstract public class Job<JobT extends hudson.model.Job<JobT, RunT>, RunT extends hudson.model.Run<JobT, RunT>> extends hudson.model.AbstractItem implements hudson.ExtensionPoint, jenkins.model.ModelObjectWithChildren, jenkins.widgets.HasWidgets, org.kohsuke.stapler.StaplerOverridable {
    protected Job(hudson.model.ItemGroup p0, String p1) {
    }
}
