package io.jenkins.plugins.promotiongates.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.security.Permission;

import java.util.Set;

/**
 * Who is calling and what they may do. The one place that asks Jenkins about the current user, so that pages and
 * handlers can be tested without a running Jenkins.
 */
public interface AccessChecks {
    /** Whether the current user holds the permission on the Jenkins root. */
    boolean hasPermission(Permission permission);

    /**
     * Whether the current user holds the permission on the job with this full name (folders included, as the
     * authorization strategy grants it there); false when the job does not exist or the user may not see it.
     */
    boolean hasPermission(String job, Permission permission);

    /** The current user's id, or {@code null} for anonymous. */
    @CheckForNull
    String currentUserId();

    /** The groups (authorities) of the current user's own authentication, as the security realm reported them. */
    Set<String> currentUserGroups();
}
