package io.jenkins.plugins.promotiongates.config;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.tasks.Mailer;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.notification.DeliveryException;
import io.jenkins.plugins.promotiongates.engine.notification.MailMessage;
import io.jenkins.plugins.promotiongates.engine.notification.MailSender;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.function.Supplier;

/**
 * Sends notification mail through Jenkins' own mail settings (Manage Jenkins » System » E-mail Notification): the
 * mailer plugin's {@code Mailer.descriptor().createSession()} (SMTP host, port, SSL/TLS, authentication, and its
 * 60-second connection and read timeouts, mailer {@code src/main/java/hudson/tasks/Mailer.java}) and its sender, the
 * system admin address, as the mailer plugin sends build mail. Plain text in UTF-8; the Message-ID is the delivery's,
 * the same for every attempt.
 */
@Restricted(NoExternalUse.class)
public final class JenkinsMailSender implements MailSender {
    private final Supplier<Session> sessions;
    private final Supplier<String> sender;
    private final Clock clock;

    JenkinsMailSender(Supplier<Session> sessions, Supplier<String> sender, Clock clock) {
        this.sessions = sessions;
        this.sender = sender;
        this.clock = clock;
    }

    /** Jenkins' mail settings, read at each send (an admin may change them at any time). */
    static JenkinsMailSender fromMailer(Clock clock) {
        return new JenkinsMailSender(() -> Mailer.descriptor().createSession(),
                () -> Mailer.descriptor().getAdminAddress(), clock);
    }

    @Override
    public void send(MailMessage message) throws DeliveryException {
        String from = sender.get();
        if (from == null || from.isBlank()) {
            throw new DeliveryException(ReasonCode.NOTIFICATION_NOT_CONFIGURED, "no system admin e-mail address is "
                    + "configured (Manage Jenkins » System » Jenkins Location), so no mail is sent");
        }
        try {
            MimeMessage mail = new StableIdMessage(sessions.get(), message.messageId());
            mail.setFrom(new InternetAddress(from));
            mail.setRecipient(Message.RecipientType.TO, new InternetAddress(message.to(), true));
            mail.setSubject(message.subject(), StandardCharsets.UTF_8.name());
            mail.setText(message.body(), StandardCharsets.UTF_8.name());
            mail.setSentDate(Date.from(clock.instant()));
            Transport.send(mail);
        } catch (MessagingException | RuntimeException e) {
            throw new DeliveryException(ReasonCode.NOTIFICATION_DELIVERY_FAILED, "mail to " + message.to() + ": "
                    + describe(e));
        }
    }

    private static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        return cause == e ? text : text + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }

    /** Keeps the delivery's Message-ID: jakarta.mail would replace it with a random one when saving. */
    private static final class StableIdMessage extends MimeMessage {
        private final String messageId;

        StableIdMessage(@CheckForNull Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
