package io.jenkins.plugins.promotiongates.engine.approval;

import io.jenkins.plugins.promotiongates.engine.model.Identifiers;

import java.util.Locale;
import java.util.Set;

/**
 * A person (or identity) who wants to decide a pending promotion, as the caller's security realm reports them.
 *
 * @param userId                the user id; compared case-insensitively with requester, starter and commit authors
 * @param groups                the groups the security realm reports; compared exactly (case-sensitively) with the
 *                              requirement's approver groups
 * @param hasApprovePermission  whether the caller's authorization grants the plugin's Approve permission
 * @param agent                 true for an agent (automation) identity; agents never decide approvals
 */
public record Approver(String userId, Set<String> groups, boolean hasApprovePermission, boolean agent) {
    public Approver {
        Identifiers.requireSafeText("user id", userId, 256);
        groups = Set.copyOf(groups);
        // A look-alike group (an invisible character inside "release-managers") must not pass for the real one.
        groups.forEach(group -> Identifiers.requireSafeText("group", group, 1024));
    }

    /** A human with the Approve permission in the given groups. */
    public static Approver human(String userId, String... groups) {
        return new Approver(userId, Set.of(groups), true, false);
    }

    /**
     * The form under which user ids are compared: lower case in {@link Locale#ROOT}. Jenkins' default id strategy
     * treats {@code Alice} and {@code alice} as one user, so treating them as different would let a requester approve
     * their own promotion by changing the case of their id. Erring towards "same person" only ever refuses more.
     */
    public static String normalize(String userId) {
        return userId.toLowerCase(Locale.ROOT);
    }

    /** This approver's id in comparison form. */
    public String key() {
        return normalize(userId);
    }
}
