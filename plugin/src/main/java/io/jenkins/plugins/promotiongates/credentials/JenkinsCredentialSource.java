package io.jenkins.plugins.promotiongates.credentials;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Fingerprint;
import hudson.model.Run;
import io.jenkins.plugins.promotiongates.engine.service.CredentialOrigin;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The trusted store is the system store ({@code SystemCredentialsProvider}, global domain): what only an
 * administrator can change. The run's own view comes from {@code CredentialsProvider.findCredentialById(id, type,
 * run)}, which resolves a credentials parameter of that name first, then the nearest folder store, then the system
 * store (credentials-plugin {@code CredentialsProvider.java}); if it does not give the very system credential, the
 * id is shadowed.
 */
@Restricted(NoExternalUse.class)
final class JenkinsCredentialSource implements CredentialSource {
    static final String SYSTEM_STORE = "system";

    @Override
    public Resolution resolve(String id, Run<?, ?> run) {
        List<StandardCredentials> trusted = new ArrayList<>();
        for (Credentials c : SystemCredentialsProvider.getInstance().getCredentials()) {
            if (c instanceof StandardCredentials standard && id.equals(standard.getId())) {
                trusted.add(standard);
            }
        }
        StandardCredentials seen = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
        CredentialOrigin.RunResolution resolution = seen == null ? CredentialOrigin.RunResolution.NONE
                : trusted.size() == 1 && seen == trusted.get(0) ? CredentialOrigin.RunResolution.SAME
                : CredentialOrigin.RunResolution.OTHER;
        String detail = trusted.size() + " in the system store; the run resolves the id to " + switch (resolution) {
            case SAME -> "that credential";
            case NONE -> "nothing";
            case OTHER -> "a " + seen.getClass().getSimpleName() + " from a credentials parameter or a folder store";
        };
        List<Candidate> candidates = new ArrayList<>();
        trusted.forEach(c -> candidates.add(new SystemCandidate(id, c)));
        return new Resolution(candidates, resolution, detail);
    }

    private record SystemCandidate(String id, StandardCredentials credential) implements Candidate {
        @Override
        public String store() {
            return SYSTEM_STORE;
        }

        @Override
        public String fingerprint() {
            try {
                @CheckForNull Fingerprint fingerprint = CredentialsProvider.getFingerprintOf(credential);
                return fingerprint == null ? "unavailable" : fingerprint.getHashString();
            } catch (IOException e) {
                return "unavailable";
            }
        }

        @Override
        public WithPromotionCredentialsStep.Binding binding() throws IOException {
            return WithPromotionCredentialsStep.toBinding(id, credential);
        }

        @Override
        public void track(Run<?, ?> run) {
            CredentialsProvider.track(run, credential);
        }
    }
}
