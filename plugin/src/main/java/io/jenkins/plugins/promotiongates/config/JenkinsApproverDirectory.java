package io.jenkins.plugins.promotiongates.config;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.PromotionGatesPermissions;
import io.jenkins.plugins.promotiongates.engine.approval.Approver;
import io.jenkins.plugins.promotiongates.engine.approval.ApproverDirectory;
import io.jenkins.plugins.promotiongates.util.ApproverRealm;
import io.jenkins.plugins.promotiongates.util.JenkinsAccessChecks;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The plugin's {@link ApproverDirectory}: when a vote is used (the quorum is reached), the voter is judged as the
 * security realm and the authorization strategy see them now. Their groups come from their own authentication (the
 * realm's answer for that user), not from {@code User.getAuthorities()}, which is empty unless an administrator
 * asks; the Approve permission is checked on the promotion's job. Fails closed: a user the realm no longer knows is
 * not an approver ({@link Optional#empty()}, the engine records why), and any other failure counts as no groups and
 * no permission (logged with its cause). For a realm that cannot look up other users, upstream {@code impersonate2}
 * answers with the groups of the user's last login ({@code LastGrantedAuthoritiesProperty}), or none when the realm
 * cannot say whether the user exists ({@code UserMayOrMayNotExistException2}).
 */
@Restricted(NoExternalUse.class)
public final class JenkinsApproverDirectory implements ApproverDirectory {
    private static final Logger LOGGER = Logger.getLogger(JenkinsApproverDirectory.class.getName());

    private final ApproverRealm realm;

    public JenkinsApproverDirectory(ApproverRealm realm) {
        this.realm = realm;
    }

    @Override
    public Optional<Approver> current(Approver asVoted) {
        return judge(asVoted, null);
    }

    @Override
    public Optional<Approver> current(Approver asVoted, String job) {
        return judge(asVoted, job);
    }

    private Optional<Approver> judge(Approver asVoted, @CheckForNull String job) {
        Authentication who;
        try {
            who = realm.authenticationOf(asVoted.userId());
        } catch (UsernameNotFoundException e) {
            LOGGER.info(() -> "Promotion Gates: " + asVoted.userId() + " is no longer known to the security realm ("
                    + e.getMessage() + "); their vote no longer counts");
            return Optional.empty();
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Promotion Gates cannot ask the security realm about " + asVoted.userId()
                    + "; their vote does not count", e);
            return Optional.of(notAnApprover(asVoted));
        }
        try {
            Set<String> groups = JenkinsAccessChecks.groupsOf(who);
            boolean approve = realm.hasPermission(who, job, PromotionGatesPermissions.APPROVE);
            return Optional.of(new Approver(asVoted.userId(), groups, approve, asVoted.agent()));
        } catch (RuntimeException e) {
            // An unsafe group name from the realm, an authorization strategy that failed: no vote rests on it.
            LOGGER.log(Level.WARNING, "Promotion Gates cannot judge " + asVoted.userId() + " as an approver of "
                    + (job == null ? "Jenkins" : job) + "; their vote does not count", e);
            return Optional.of(notAnApprover(asVoted));
        }
    }

    private static Approver notAnApprover(Approver asVoted) {
        return new Approver(asVoted.userId(), Set.of(), false, asVoted.agent());
    }
}
