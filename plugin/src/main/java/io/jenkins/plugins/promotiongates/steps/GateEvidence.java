package io.jenkins.plugins.promotiongates.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.evidence.CollectedEvidence;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceRefusal;

import java.util.ArrayList;
import java.util.List;

/** What the agent sent back, as the engine's request evidence (the same form the CLI produces). */
final class GateEvidence {
    private GateEvidence() {
    }

    /**
     * @param artifacts what {@link CollectArtifacts} found and refused
     * @param tests     what {@link CollectTestResults} found, or null when no reports were asked for
     */
    static CollectedEvidence of(CollectArtifacts.Found artifacts, @CheckForNull CollectTestResults.Found tests) {
        List<EvidenceRefusal> refusals = new ArrayList<>(artifacts.refusals());
        if (tests != null && tests.refusal() != null) {
            refusals.add(tests.refusal());
        }
        return new CollectedEvidence(artifacts.artifacts().stream().map(CollectArtifacts.Collected::toSubmitted)
                .toList(), tests == null ? null : tests.evidence(), refusals);
    }
}
