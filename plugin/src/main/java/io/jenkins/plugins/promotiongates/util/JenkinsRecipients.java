package io.jenkins.plugins.promotiongates.util;

import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.security.GroupDetails;
import hudson.security.SecurityRealm;
import hudson.tasks.Mailer;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.notification.RecipientDirectory;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who the policy's approver groups are, and their mail addresses, as Jenkins knows them: the security realm lists a
 * group's members ({@code SecurityRealm.loadGroupByGroupname2(group, true).getMembers()}; realms that cannot list
 * members, such as many LDAP set-ups and Jenkins' own user database, answer no members, and then only the policy's
 * webhooks and admins hear), and the mailer plugin's user property holds the address
 * ({@code Mailer.UserProperty.getAddress()}, which falls back to the configured default suffix). Asked as SYSTEM: the
 * outbox runs on the plugin's own thread, for no user. A failing realm lists nobody; it never adds anyone.
 */
@Restricted(NoExternalUse.class)
public final class JenkinsRecipients implements RecipientDirectory {
    private static final Logger LOGGER = Logger.getLogger(JenkinsRecipients.class.getName());

    private final BiPredicate<String, String> mayApprove;

    /**
     * @param mayApprove whether a user may vote on a job's promotion now (user id, job full name or null): the
     *     configuration answers it with the same judgement votes get (the realm's view of the user, Approve on the job)
     */
    public JenkinsRecipients(BiPredicate<String, String> mayApprove) {
        this.mayApprove = mayApprove;
    }

    @Override
    public boolean mayApprove(String userId, @CheckForNull String job) {
        // A group member without Approve on this job (or no longer known to the realm) could not vote: not told.
        return mayApprove.test(userId, job);
    }

    @Override
    @SuppressWarnings("try") // the context is held for its effect (upstream's ACL.as2 idiom), not referenced
    public Set<String> membersOf(String group) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            SecurityRealm realm = Jenkins.get().getSecurityRealm();
            GroupDetails details = realm == null ? null : realm.loadGroupByGroupname2(group, true);
            Set<String> members = details == null ? null : details.getMembers();
            return members == null ? Set.of() : Set.copyOf(members);
        } catch (RuntimeException e) {
            // UsernameNotFoundException for an unknown group, or a realm that is down: nobody is mailed for it.
            LOGGER.log(Level.FINE, "Promotion Gates cannot list the members of " + group, e);
            return Set.of();
        }
    }

    @Override
    @SuppressWarnings("try") // the context is held for its effect (upstream's ACL.as2 idiom), not referenced
    public Optional<String> mailAddress(String userId) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            User user = User.getById(userId, false);
            Mailer.UserProperty property = user == null ? null : user.getProperty(Mailer.UserProperty.class);
            String address = property == null ? null : property.getAddress();
            return address == null || address.isBlank() ? Optional.empty() : Optional.of(address);
        } catch (RuntimeException e) {
            LOGGER.log(Level.FINE, "Promotion Gates cannot read the mail address of " + userId, e);
            return Optional.empty();
        }
    }

    /** Jenkins' root URL (Manage Jenkins » System » Jenkins URL), or null when it is not configured. */
    public static String rootUrl() {
        try {
            return Jenkins.get().getRootUrl();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
