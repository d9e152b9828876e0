package io.jenkins.plugins.promotiongates.engine.policy;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * Who hears about promotions and how, for the whole policy or one environment ({@code notifications:}). An
 * environment's section replaces the global one as a whole, so what an environment's approvers hear is read in one
 * place.
 *
 * @param admins          user ids told about decisions that answer an approval, break-glass use and quarantines
 * @param mail            whether people (approvers, requester, admins) are mailed
 * @param reminderMinutes how long before an approval's deadline its approvers who have not voted are reminded,
 *                        once; 0 for no reminder
 * @param digestMinutes   0: each approver is mailed as each request waits; N: at most one mail per N minutes per
 *                        approver, listing every request that waits for them (webhooks are not digested)
 * @param webhooks        the signed webhooks told about every notification of the scope
 */
public record NotificationRule(Set<String> admins, boolean mail, int reminderMinutes, int digestMinutes,
        List<Webhook> webhooks) {
    public NotificationRule {
        admins = Set.copyOf(admins);
        webhooks = List.copyOf(webhooks);
        if (reminderMinutes < 0 || digestMinutes < 0) {
            throw new IllegalArgumentException("reminder and digest minutes must not be negative");
        }
    }

    /** No notifications section: approvers are mailed as requests wait, nobody else, no webhook. */
    public static NotificationRule defaults() {
        return new NotificationRule(Set.of(), true, 0, 0, List.of());
    }

    /**
     * A webhook receiver.
     *
     * @param name         unique within its section; names the delivery in the audit trail
     * @param url          https (http only to a loopback address)
     * @param secretId     where its HMAC secret comes from: a Jenkins credential id (plugin), or the suffix of the
     *                     {@code PROMOTION_GATES_WEBHOOK_SECRET_<ID>} environment variable (CLI); never the secret
     */
    public record Webhook(String name, URI url, String secretId) {
    }
}
