package io.jenkins.plugins.promotiongates.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.User;
import hudson.security.Permission;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

import java.util.Set;
import java.util.TreeSet;

/** {@link AccessChecks} answered by Jenkins' security realm and authorization strategy. */
@Restricted(NoExternalUse.class)
public final class JenkinsAccessChecks implements AccessChecks {
    @Override
    public boolean hasPermission(Permission permission) {
        return Jenkins.get().hasPermission(permission);
    }

    @Override
    @CheckForNull
    public String currentUserId() {
        User user = User.current();
        return user == null ? null : user.getId();
    }

    @Override
    public Set<String> currentUserGroups() {
        User user = User.current();
        return user == null ? Set.of() : new TreeSet<>(user.getAuthorities());
    }
}
