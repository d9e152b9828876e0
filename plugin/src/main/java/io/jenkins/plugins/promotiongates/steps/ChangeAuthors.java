package io.jenkins.plugins.promotiongates.steps;

import hudson.model.Cause;
import hudson.model.Run;
import hudson.model.User;
import hudson.scm.ChangeLogSet;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import jenkins.scm.RunWithSCM;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authors of the change being promoted: the change-log entries of the run and of the upstream runs that
 * triggered it ({@code Cause.UpstreamCause}, followed up to {@link #MAX_UPSTREAM_DEPTH} levels). Known only when at
 * least one entry was found and every entry named a real author; otherwise the engine is told the list is incomplete.
 *
 * @param authors the user ids, in order of first appearance
 * @param known   whether the list is complete
 */
record ChangeAuthors(List<String> authors, boolean known) {
    static final int MAX_UPSTREAM_DEPTH = 10;
    /** {@code User.getUnknown()}'s id: what Jenkins records for an author it could not map to a user. */
    static final String UNKNOWN_USER = "unknown";

    ChangeAuthors {
        authors = List.copyOf(authors);
    }

    static ChangeAuthors of(Run<?, ?> run) {
        Set<String> authors = new LinkedHashSet<>();
        boolean[] complete = {true};
        int entries = collect(run, 0, authors, complete, new IdentityHashMap<>());
        return new ChangeAuthors(new ArrayList<>(authors), complete[0] && entries > 0);
    }

    /** The run reference with these authors as evidence. */
    RunRef applyTo(RunRef run) {
        return new RunRef(run.job(), run.run(), run.startedBy(), run.repository(), authors, known);
    }

    private static int collect(Run<?, ?> run, int depth, Set<String> authors, boolean[] complete,
            Map<Run<?, ?>, Boolean> seen) {
        if (seen.put(run, Boolean.TRUE) != null) {
            return 0;
        }
        int entries = 0;
        if (run instanceof RunWithSCM<?, ?> withScm) {
            List<? extends ChangeLogSet<? extends ChangeLogSet.Entry>> sets = withScm.getChangeSets();
            for (ChangeLogSet<? extends ChangeLogSet.Entry> set : sets == null ? List.<ChangeLogSet<ChangeLogSet.Entry>>of() : sets) {
                for (ChangeLogSet.Entry entry : set) {
                    entries++;
                    User author = entry.getAuthor();
                    String id = author == null ? null : author.getId();
                    if (id == null || id.isBlank() || id.equals(UNKNOWN_USER) || !safe(id)) {
                        complete[0] = false;
                    } else {
                        authors.add(id);
                    }
                }
            }
        }
        List<Cause> causes = run.getCauses();
        for (Cause cause : causes == null ? List.<Cause>of() : causes) {
            if (cause instanceof Cause.UpstreamCause upstream) {
                Run<?, ?> parent = upstream.getUpstreamRun();
                if (parent == null || depth + 1 > MAX_UPSTREAM_DEPTH) {
                    complete[0] = false; // the upstream run was deleted, or the chain is too long to follow
                } else {
                    entries += collect(parent, depth + 1, authors, complete, seen);
                }
            }
        }
        return entries;
    }

    /** An id the engine would refuse (control characters, oversized) names nobody it can compare with. */
    private static boolean safe(String id) {
        try {
            Identifiers.requireSafeText("commit author", id, 256);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
