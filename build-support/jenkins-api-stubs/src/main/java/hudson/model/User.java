package hudson.model;

/** Stub of upstream {@code hudson.model.User}: signatures only, see README.md. */
public class User extends hudson.model.AbstractModelObject implements Comparable<hudson.model.User>, hudson.model.DescriptorByNameOwner, hudson.model.Saveable, hudson.security.AccessControlled, jenkins.model.Loadable, jenkins.model.ModelObjectWithContextMenu, org.kohsuke.stapler.StaplerProxy {
    public <T extends hudson.model.UserProperty> T getProperty(Class<T> p0) {
        return null;
    }
    public String getId() {
        return null;
    }
    public int compareTo(hudson.model.User p0) {
        return 0;
    }
    public org.springframework.security.core.Authentication impersonate2() throws org.springframework.security.core.userdetails.UsernameNotFoundException {
        return null;
    }
    public static hudson.model.User current() {
        return null;
    }
    public static hudson.model.User getById(String p0, boolean p1) {
        return null;
    }
}
