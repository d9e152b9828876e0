package io.jenkins.plugins.promotiongates.engine.notification;

/** Sends a mail: the plugin through Jenkins' mailer plugin. Must time out rather than block the outbox forever. */
@FunctionalInterface
public interface MailSender {
    void send(MailMessage message) throws DeliveryException;
}
