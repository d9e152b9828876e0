package io.jenkins.plugins.promotiongates.engine.audit;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link FileAuditStore} found when it opened: how much it replayed and whether it cut a torn tail (bytes of
 * an append that was interrupted by a crash and therefore never acknowledged). Callers log the warnings.
 *
 * @param directory       the store directory
 * @param segments        how many segment files were replayed
 * @param events          how many events were replayed (all verified)
 * @param tornTailSegment the segment whose tail was cut, if any
 * @param tornTailOffset  the offset the segment was cut at (-1 if nothing was cut)
 * @param discardedBytes  how many bytes were cut
 * @param keptBytes       where the cut bytes were kept for an admin (trailing zeros left out), if anything was cut
 * @param warnings        what happened, also logged by the store
 */
public record RecoveryReport(Path directory, int segments, long events, @CheckForNull Path tornTailSegment,
        long tornTailOffset, long discardedBytes, @CheckForNull Path keptBytes, List<String> warnings) {
    public RecoveryReport {
        Objects.requireNonNull(directory, "directory");
        warnings = List.copyOf(warnings);
    }

    public boolean cutTornTail() {
        return tornTailSegment != null;
    }
}
