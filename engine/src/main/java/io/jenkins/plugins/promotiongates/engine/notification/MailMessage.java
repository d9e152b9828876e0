package io.jenkins.plugins.promotiongates.engine.notification;

/**
 * One plain-text mail to one person.
 *
 * @param to        the address
 * @param subject   {@link MessageText#subject}
 * @param body      {@link MessageText#body}
 * @param messageId stable for every attempt of the delivery, so a mail client shows a resent mail once
 */
public record MailMessage(String to, String subject, String body, String messageId) {
}
