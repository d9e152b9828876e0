package io.jenkins.plugins.promotiongates.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import io.jenkins.plugins.promotiongates.engine.service.CredentialOrigin;

import java.io.IOException;
import java.util.List;

/**
 * Where a policy-bound credential id is looked up. Only the trusted store counts (today: the system store, the
 * global domain of Manage Jenkins » Credentials); what the run itself would resolve the id to (a credentials
 * parameter, a folder store) is looked up only to detect shadowing. The engine judges the facts.
 */
public interface CredentialSource {
    /** Every credential with the id in the trusted store, and what the run's own lookup gives. */
    Resolution resolve(String id, Run<?, ?> run) throws IOException;

    /** A credential found in the trusted store. */
    interface Candidate {
        /** The store's name, e.g. {@code system}. */
        String store();

        /** An opaque fingerprint of the credential (never the secret), or {@code unavailable}. */
        String fingerprint();

        /** The variables (and file) the credential binds; read only once the engine granted it. */
        WithPromotionCredentialsStep.Binding binding() throws IOException;

        /** Records the use on the credential's fingerprint ({@code CredentialsProvider.track}). */
        void track(Run<?, ?> run);
    }

    /**
     * How a credential id resolves: in the trusted store and in the run's own lookup.
     *
     * @param trusted       the credentials with the id in the trusted store
     * @param runResolution what the run's lookup resolves the id to, compared with the single trusted one
     * @param detail        what was seen, for the record (types and stores, no secret)
     */
    record Resolution(List<Candidate> trusted, CredentialOrigin.RunResolution runResolution, String detail) {
        public Resolution {
            trusted = List.copyOf(trusted);
        }

        /** The facts the engine judges. */
        CredentialOrigin origin() {
            Candidate only = trusted.size() == 1 ? trusted.get(0) : null;
            return new CredentialOrigin(trusted.size(), only == null ? null : only.store(),
                    only == null ? null : only.fingerprint(), runResolution, detail);
        }

        @CheckForNull
        Candidate single() {
            return trusted.size() == 1 ? trusted.get(0) : null;
        }
    }
}
