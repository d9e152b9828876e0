package io.jenkins.plugins.promotiongates.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * What the approver directory asks Jenkins about a voter who is not the caller: their authentication now and their
 * permissions on a job. A seam so that the judging can be tested without a running Jenkins.
 */
@org.kohsuke.accmod.Restricted(org.kohsuke.accmod.restrictions.NoExternalUse.class)
public interface ApproverRealm {
    /**
     * The user's authentication as the security realm builds it now.
     *
     * @throws UsernameNotFoundException when the realm (or Jenkins' user records) no longer knows the user
     */
    Authentication authenticationOf(String userId);

    /** Whether that authentication holds the permission on the job (full name), or on Jenkins when null. */
    boolean hasPermission(Authentication who, @CheckForNull String job, Permission permission);

    /** Jenkins itself. */
    ApproverRealm JENKINS = new ApproverRealm() {
        @Override
        public Authentication authenticationOf(String userId) {
            User user = User.getById(userId, false);
            if (user == null) {
                throw new UsernameNotFoundException(userId + " has no Jenkins user record");
            }
            // Upstream User.impersonate2 asks the realm's loadUserByUsername2 and throws UsernameNotFoundException
            // for a user the realm no longer knows (core/src/main/java/hudson/model/User.java).
            return user.impersonate2();
        }

        @Override
        @SuppressWarnings("try") // the context is held for its effect (upstream's ACL.as2 idiom), not referenced
        public boolean hasPermission(Authentication who, @CheckForNull String job, Permission permission) {
            // Looked up as SYSTEM: the thread that reaches the quorum runs as the last voter (or the poller), whose
            // own READ must not decide whether another voter's permission can be checked.
            try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                AccessControlled target = job == null ? Jenkins.get() : Jenkins.get().getItemByFullName(job);
                return target != null && target.hasPermission2(who, permission);
            }
        }
    };
}
