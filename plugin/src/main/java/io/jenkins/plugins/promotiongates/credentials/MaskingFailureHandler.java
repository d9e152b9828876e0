package io.jenkins.plugins.promotiongates.credentials;

import hudson.util.Secret;
import org.jenkinsci.plugins.workflow.steps.FailureHandler;
import org.jenkinsci.plugins.workflow.steps.StepContext;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Masks the bound secrets in the messages of a failure inside the block (and of its causes and suppressed
 * exceptions), as credentials-binding's {@code BindingStep.Handler} and {@code MaskedException} do: an exception
 * whose text reveals a secret is replaced by one with the masked message and the same stack trace.
 */
final class MaskingFailureHandler implements FailureHandler {
    private static final long serialVersionUID = 1L;
    private final List<Secret> secrets;

    MaskingFailureHandler(List<Secret> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    @Override
    public Throwable handle(StepContext context, Throwable failure) {
        SecretMasker masker = new SecretMasker(secrets.stream().map(Secret::getPlainText).toList());
        return mask(failure, masker, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    static Throwable mask(Throwable failure, SecretMasker masker, Set<Throwable> seen) {
        if (!seen.add(failure)) {
            return new Exception("(cycle in the exception chain)");
        }
        if (!reveals(failure, masker, Collections.newSetFromMap(new IdentityHashMap<>()))) {
            return failure;
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        MaskedException masked = new MaskedException(failure.getClass().getName() + ": " + masker.mask(message));
        masked.setStackTrace(failure.getStackTrace());
        if (failure.getCause() != null) {
            masked.initCause(mask(failure.getCause(), masker, seen));
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            masked.addSuppressed(mask(suppressed, masker, seen));
        }
        return masked;
    }

    private static boolean reveals(Throwable failure, SecretMasker masker, Set<Throwable> seen) {
        if (!seen.add(failure)) {
            return false;
        }
        if (masker.reveals(String.valueOf(failure))) {
            return true;
        }
        if (failure.getCause() != null && reveals(failure.getCause(), masker, seen)) {
            return true;
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            if (reveals(suppressed, masker, seen)) {
                return true;
            }
        }
        return false;
    }

    /** Stands in for an exception whose message revealed a secret; names the original type. */
    static final class MaskedException extends Exception {
        private static final long serialVersionUID = 1L;

        MaskedException(String message) {
            super(message);
        }
    }
}
