package io.jenkins.plugins.promotiongates;

import hudson.security.Permission;
import hudson.security.PermissionGroup;
import jenkins.model.Jenkins;
import org.jvnet.localizer.Localizable;
import org.jvnet.localizer.ResourceBundleHolder;

/**
 * The "Promotion Gates" permission group. Holding {@link #APPROVE} is necessary but not sufficient to approve: the
 * engine also checks the approver groups the policy names, N-of-M and self-approval.
 */
public final class PromotionGatesPermissions {
    private static final ResourceBundleHolder BUNDLE = ResourceBundleHolder.get(PromotionGatesPermissions.class);

    public static final PermissionGroup GROUP = new PermissionGroup(PromotionGatesPermissions.class,
            new Localizable(BUNDLE, "PermissionGroup.title"));

    /** May approve or reject promotions waiting for a human (subject to the policy's approver groups). */
    public static final Permission APPROVE = new Permission(GROUP, "Approve",
            new Localizable(BUNDLE, "Approve.description"), Jenkins.ADMINISTER);

    /** May use the break-glass route (override a change window or freeze; never signature, provenance or scope). */
    public static final Permission BREAK_GLASS = new Permission(GROUP, "BreakGlass",
            new Localizable(BUNDLE, "BreakGlass.description"), Jenkins.ADMINISTER);

    private PromotionGatesPermissions() {
    }
}
