package jenkins.model;

/** Stub of upstream {@code jenkins.model.Jenkins}: signatures only, see README.md. */
public class Jenkins extends hudson.model.AbstractCIBase implements hudson.model.DescriptorByNameOwner, hudson.model.ModifiableViewGroup, hudson.security.AccessControlled, jenkins.model.DirectlyModifiableTopLevelItemGroup, jenkins.model.Loadable, jenkins.model.ModelObjectWithChildren, jenkins.model.ModelObjectWithContextMenu, jenkins.util.io.OnMaster, org.kohsuke.stapler.StaplerFallback, org.kohsuke.stapler.StaplerProxy {
    final public static hudson.security.Permission ADMINISTER = null;
    final public static hudson.security.Permission MANAGE = null;
    final public static hudson.security.Permission READ = null;
    public java.io.File getRootDir() {
        return null;
    }
    public String getRootUrl() throws IllegalStateException {
        return null;
    }
    public hudson.security.SecurityRealm getSecurityRealm() {
        return null;
    }
    // Behaviour exception (README): the thread's authentication from Spring's SecurityContextHolder, ANONYMOUS2-like
    // when none is set (upstream Jenkins.getAuthentication2, core/src/main/java/jenkins/model/Jenkins.java).
    public static org.springframework.security.core.Authentication getAuthentication2() {
        org.springframework.security.core.Authentication a =
                org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
        return a != null ? a : ANONYMOUS;
    }

    private static final org.springframework.security.core.Authentication ANONYMOUS =
            new org.springframework.security.core.Authentication() {
                private static final long serialVersionUID = 1L;

                public java.util.Collection<? extends org.springframework.security.core.GrantedAuthority> getAuthorities() {
                    return java.util.List.of();
                }

                public Object getCredentials() {
                    return "anonymous";
                }

                public Object getDetails() {
                    return null;
                }

                public Object getPrincipal() {
                    return "anonymous";
                }

                public boolean isAuthenticated() {
                    return true;
                }

                public void setAuthenticated(boolean authenticated) {
                }

                public String getName() {
                    return "anonymous";
                }
            };

    public hudson.model.Item getItemByFullName(String p0) {
        return null;
    }
    public static jenkins.model.Jenkins get() throws IllegalStateException {
        return null;
    }
}
