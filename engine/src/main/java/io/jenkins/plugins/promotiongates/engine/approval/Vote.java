package io.jenkins.plugins.promotiongates.engine.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.time.Instant;
import java.util.Objects;

/**
 * One approve or reject click, bound to what the page showed and stamped with the time (from the caller's injected
 * clock) it was cast. Replaying recorded votes therefore gives the same result as when they were cast.
 *
 * @param approver who voted
 * @param verdict  approve or reject
 * @param comment  the voter's comment; required (non-blank) to reject
 * @param binding  the run, environment, digests and policy version the voter was shown
 * @param at       when the vote was cast
 */
public record Vote(Approver approver, Verdict verdict, @CheckForNull String comment, ApprovalBinding binding, Instant at) {
    /** Longest comment kept; longer text is refused rather than silently cut. */
    public static final int MAX_COMMENT_LENGTH = 4000;

    /** What the voter decided. */
    public enum Verdict {
        APPROVE,
        REJECT
    }

    public Vote {
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(at, "at");
        if (comment != null) {
            if (comment.length() > MAX_COMMENT_LENGTH) {
                throw new IllegalArgumentException("comment is " + comment.length() + " characters long; at most "
                        + MAX_COMMENT_LENGTH + " are allowed");
            }
            for (int i = 0; i < comment.length(); i++) {
                char c = comment.charAt(i);
                // Line breaks and tabs are normal in a comment; other control characters could forge log output.
                if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                    throw new IllegalArgumentException("comment contains a control character at index " + i);
                }
            }
        }
    }

    public static Vote approve(Approver approver, ApprovalBinding binding, Instant at) {
        return new Vote(approver, Verdict.APPROVE, null, binding, at);
    }

    public static Vote reject(Approver approver, String comment, ApprovalBinding binding, Instant at) {
        return new Vote(approver, Verdict.REJECT, comment, binding, at);
    }

    boolean hasComment() {
        return comment != null && !comment.isBlank();
    }
}
