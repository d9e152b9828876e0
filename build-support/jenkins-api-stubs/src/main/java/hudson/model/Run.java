package hudson.model;

/** Stub of upstream {@code hudson.model.Run}: signatures only, see README.md. */
abstract public class Run<JobT extends hudson.model.Job<JobT, RunT>, RunT extends hudson.model.Run<JobT, RunT>> extends hudson.model.Actionable implements Comparable<RunT>, hudson.ExtensionPoint, hudson.model.DescriptorByNameOwner, hudson.model.PersistenceRoot, hudson.security.AccessControlled, jenkins.console.WithConsoleUrl, jenkins.model.HistoricalBuild, jenkins.util.io.OnMaster, org.kohsuke.stapler.StaplerProxy {
    protected Run(JobT p0) throws java.io.IOException {
    }
    protected Run(JobT p0, java.io.File p1) throws java.io.IOException {
    }
    protected Run(JobT p0, java.util.Calendar p1) {
    }
    protected Run(JobT p0, long p1) {
    }
    public <T extends hudson.model.Cause> T getCause(Class<T> p0) {
        return null;
    }
    public JobT getParent() {
        return null;
    }
    public String getExternalizableId() {
        return null;
    }
    public String getFullDisplayName() {
        return null;
    }
    public String getId() {
        return null;
    }
    public String getUrl() {
        return null;
    }
    public int compareTo(RunT p0) {
        return 0;
    }
    public int getNumber() {
        return 0;
    }
    public java.util.List<hudson.model.Cause> getCauses() {
        return null;
    }
    public void save() throws java.io.IOException {
    }
}
