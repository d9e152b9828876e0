package io.jenkins.plugins.promotiongates.steps;

import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import hudson.FilePath;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** Re-hashes artifacts on the agent that holds them. */
@Restricted(NoExternalUse.class)
public final class ArtifactDigests {
    private ArtifactDigests() {
    }

    /**
     * name → digest now, for these workspace-relative files, each hashed in the algorithm of the digest the gate
     * recorded for it ({@code recorded}: name → {@code sha256:…}, {@code sha512:…}). A name that is now missing, a
     * symbolic link or outside the workspace has no digest: the engine then refuses the binding as a changed artifact
     * (recorded).
     */
    public static Map<String, String> rehash(FilePath workspace, Map<String, String> recorded)
            throws IOException, InterruptedException {
        Map<String, String> digests = new TreeMap<>();
        for (CollectArtifacts.Collected c : workspace.act(CollectArtifacts.rehash(recorded)).artifacts()) {
            digests.put(c.name(), c.digest());
        }
        return digests;
    }
}
