package hudson.security;

/** Stub of upstream {@code hudson.security.GroupDetails}: signatures only, see README.md. */
abstract public class GroupDetails {
    public GroupDetails() {
    }
    abstract public String getName();
    public java.util.Set<String> getMembers() {
        return null;
    }
}
