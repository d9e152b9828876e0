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

    /** The current user's id, or {@code null} for anonymous. */
    @CheckForNull
    String currentUserId();

    /** The groups (authorities) the security realm reports for the current user. */
    Set<String> currentUserGroups();
}
