package io.jenkins.plugins.promotiongates.engine.notification;

import io.jenkins.plugins.promotiongates.engine.policy.NotificationRule;

/** Where one delivery of a notification goes: one person's mail, or one webhook. */
sealed interface Target {
    /** As recorded in the audit trail and in the delivery key ({@code mail:alice}, {@code webhook:chat}). */
    String name();

    record Mail(String userId) implements Target {
        @Override
        public String name() {
            return "mail:" + userId;
        }
    }

    record Hook(NotificationRule.Webhook webhook) implements Target {
        @Override
        public String name() {
            return "webhook:" + webhook.name();
        }
    }
}
