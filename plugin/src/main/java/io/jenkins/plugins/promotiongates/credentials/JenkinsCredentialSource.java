package io.jenkins.plugins.promotiongates.credentials;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Fingerprint;
import hudson.model.Run;
import io.jenkins.plugins.promotiongates.config.CredentialStores;
import io.jenkins.plugins.promotiongates.engine.service.CredentialOrigin;
import io.jenkins.plugins.promotiongates.util.FolderCredentials;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The trusted stores are what only an administrator can change: the system store ({@code SystemCredentialsProvider},
 * global domain) and the own store of each folder the admin named in the global configuration
 * ({@link CredentialStores}). The run's own view comes from {@code CredentialsProvider.findCredentialById(id, type,
 * run)}, which resolves a credentials parameter of that name first, then the nearest folder store, then the system
 * store (credentials-plugin {@code CredentialsProvider.java}); if it does not give the very trusted credential, the
 * id is shadowed. A named folder's credential is therefore usable only by runs inside that folder (where no nearer
 * folder or parameter shadows it), and one id in two trusted stores is a duplicate.
 */
@Restricted(NoExternalUse.class)
final class JenkinsCredentialSource implements CredentialSource {
    static final String SYSTEM_STORE = "system";
    private static final Logger LOGGER = Logger.getLogger(JenkinsCredentialSource.class.getName());

    private final Supplier<CredentialStores> stores;

    /** @param stores the stores the admin named, read on every lookup (a saved configuration applies at once) */
    JenkinsCredentialSource(Supplier<CredentialStores> stores) {
        this.stores = stores;
    }

    @Override
    public Resolution resolve(String id, Run<?, ?> run) {
        List<StoreCandidate> trusted = new ArrayList<>();
        for (Credentials c : SystemCredentialsProvider.getInstance().getCredentials()) {
            if (c instanceof StandardCredentials standard && id.equals(standard.getId())) {
                trusted.add(new StoreCandidate(id, standard, SYSTEM_STORE));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String folder : stores.get().folders()) {
            List<StandardCredentials> own = folderCredentials(folder, id);
            if (own == null) {
                missing.add(folder);
            } else {
                own.forEach(c -> trusted.add(new StoreCandidate(id, c, "folder:" + folder)));
            }
        }
        StandardCredentials seen = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
        CredentialOrigin.RunResolution resolution = seen == null ? CredentialOrigin.RunResolution.NONE
                : trusted.size() == 1 && seen == trusted.get(0).credential() ? CredentialOrigin.RunResolution.SAME
                : CredentialOrigin.RunResolution.OTHER;
        StringBuilder detail = new StringBuilder();
        detail.append(trusted.size()).append(" in the trusted stores ").append(stores.get().names());
        trusted.forEach(c -> detail.append(trusted.size() > 1 ? " [" + c.store() + "]" : ""));
        if (!missing.isEmpty()) {
            detail.append(" (named folders not found: ").append(missing).append(')');
        }
        detail.append("; the run resolves the id to ").append(switch (resolution) {
            case SAME -> "that credential";
            case NONE -> "nothing";
            case OTHER -> "a " + seen.getClass().getSimpleName() + " from a credentials parameter or another store";
        });
        return new Resolution(List.<Candidate>copyOf(trusted), resolution, detail.toString());
    }

    @CheckForNull
    private static List<StandardCredentials> folderCredentials(String folder, String id) {
        List<StandardCredentials> found = FolderCredentials.withId(folder, id);
        if (found == null) {
            LOGGER.log(Level.WARNING, "Promotion Gates: the trusted credential store of folder {0} is configured, but"
                    + " there is no such item", folder);
        }
        return found;
    }

    private record StoreCandidate(String id, StandardCredentials credential, String store) implements Candidate {
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
