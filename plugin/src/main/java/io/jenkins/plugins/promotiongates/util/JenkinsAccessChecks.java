package io.jenkins.plugins.promotiongates.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.Permission;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.util.Set;
import java.util.TreeSet;

/** {@link AccessChecks} answered by Jenkins' security realm and authorization strategy. */
@Restricted(NoExternalUse.class)
public final class JenkinsAccessChecks implements AccessChecks {
    private static final String AUTHENTICATED = "authenticated";

    @Override
    public boolean hasPermission(Permission permission) {
        return Jenkins.get().hasPermission(permission);
    }

    /**
     * Upstream {@code Jenkins.getItemByFullName} returns {@code null} for an item the current user may not read, so a
     * hidden job answers false for every permission.
     */
    @Override
    public boolean hasPermission(String job, Permission permission) {
        Item item = Jenkins.get().getItemByFullName(job);
        return item != null && item.hasPermission(permission);
    }

    @Override
    @CheckForNull
    public String currentUserId() {
        User user = User.current();
        return user == null ? null : user.getId();
    }

    @Override
    public Set<String> currentUserGroups() {
        // From the caller's own authentication: upstream User.getAuthorities() is empty unless the caller is an
        // administrator (core/src/main/java/hudson/model/User.java), which made every non-admin group-less.
        return groupsOf(Jenkins.getAuthentication2());
    }

    /**
     * The group names of an authentication, without the pseudo-authority "authenticated" that every logged-in
     * user holds (upstream SecurityRealm.AUTHENTICATED_AUTHORITY2; User.getAuthorities() leaves it out too).
     */
    public static Set<String> groupsOf(@CheckForNull Authentication authentication) {
        Set<String> groups = new TreeSet<>();
        if (authentication == null) {
            return groups;
        }
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            String name = authority.getAuthority();
            if (name != null && !name.equals(AUTHENTICATED)) {
                groups.add(name);
            }
        }
        return groups;
    }
}
