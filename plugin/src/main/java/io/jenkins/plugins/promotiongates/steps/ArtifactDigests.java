package io.jenkins.plugins.promotiongates.steps;

import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import hudson.FilePath;
import io.jenkins.plugins.promotiongates.engine.model.Digest;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Re-hashes artifacts on the agent that holds them. */
@Restricted(NoExternalUse.class)
public final class ArtifactDigests {
    private ArtifactDigests() {
    }

    /**
     * name → {@code sha256:…} for these workspace-relative files. A name that is now missing, a symbolic link or
     * outside the workspace has no digest: the engine then refuses the binding as a changed artifact (recorded).
     */
    public static Map<String, String> rehash(FilePath workspace, List<String> names) throws IOException, InterruptedException {
        Map<String, String> digests = new TreeMap<>();
        for (CollectArtifacts.Collected c : workspace.act(CollectArtifacts.rehash(names)).artifacts()) {
            digests.put(c.name(), Digest.sha256(c.sha256()).toString());
        }
        return digests;
    }
}
