package io.jenkins.plugins.promotiongates.engine.notification;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Optional;
import java.util.Set;

/**
 * Who the people behind the policy's groups are and where to mail them. The plugin answers from the security realm
 * and the users' mail addresses; the CLI from the admin's approvers file. Answers are only addresses for people the
 * policy already names: a directory never adds recipients.
 */
public interface RecipientDirectory {
    /** The user ids in a group, as far as the directory can list them (a realm that cannot list answers empty). */
    Set<String> membersOf(String group);

    /** The mail address of a user, if known. */
    Optional<String> mailAddress(String userId);

    /**
     * Whether this member of an approver group may vote on a promotion of the job (its full name, null when the
     * request names none) now: only people who could approve hear that an approval waits. The plugin asks the same
     * {@code ApproverDirectory} that judges votes (the Approve permission on the job); a directory with no
     * permissions to consult (the CLI's approvers file) answers from group membership alone, which it already gave.
     */
    default boolean mayApprove(String userId, @CheckForNull String job) {
        return true;
    }

    /** A directory that knows nobody: only webhooks are told. */
    static RecipientDirectory none() {
        return new RecipientDirectory() {
            @Override
            public Set<String> membersOf(String group) {
                return Set.of();
            }

            @Override
            public Optional<String> mailAddress(String userId) {
                return Optional.empty();
            }
        };
    }
}
