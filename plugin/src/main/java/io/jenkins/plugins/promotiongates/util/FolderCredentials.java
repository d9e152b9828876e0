package io.jenkins.plugins.promotiongates.util;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.domains.Domain;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.ACLContext;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

import java.util.ArrayList;
import java.util.List;

/** The one place that reads a folder's own credential store: for the trusted stores an admin names. */
@Restricted(NoExternalUse.class)
public final class FolderCredentials {
    private FolderCredentials() {
    }

    /**
     * The credentials with the id in the folder's own store (every domain), or {@code null} when no item has that
     * full name. Looked up as SYSTEM: the admin named the folder, so what its store holds does not depend on what the
     * run's authentication may read ({@code Jenkins.getItemByFullName} hides items the caller cannot read).
     * {@code lookupStores} walks up to the parents and the root (credentials-plugin
     * {@code CredentialsProvider.lookupStores}); only stores whose context is the folder itself count, so a parent's
     * store is not trusted by naming a child.
     */
    @CheckForNull
    @SuppressWarnings("try") // the context is held for its effect (upstream's ACL.as2 idiom), not referenced
    public static List<StandardCredentials> withId(String folder, String id) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            Item item = Jenkins.get().getItemByFullName(folder);
            if (item == null) {
                return null;
            }
            List<StandardCredentials> found = new ArrayList<>();
            for (CredentialsStore store : CredentialsProvider.lookupStores(item)) {
                if (store.getContext() != item) {
                    continue;
                }
                for (Domain domain : store.getDomains()) {
                    for (Credentials c : store.getCredentials(domain)) {
                        if (c instanceof StandardCredentials standard && id.equals(standard.getId())) {
                            found.add(standard);
                        }
                    }
                }
            }
            return found;
        }
    }
}
