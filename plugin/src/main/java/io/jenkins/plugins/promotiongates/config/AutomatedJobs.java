package io.jenkins.plugins.promotiongates.config;

import io.jenkins.plugins.promotiongates.engine.allowlist.Glob;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

import java.util.ArrayList;
import java.util.List;

/**
 * The admin's list of automated jobs (global configuration, Administer only): job full names or globs, one a line
 * ({@code *} within a folder level, {@code **} across levels; {@code #} starts a comment). Every run of a listed
 * job counts as an agent's, whoever started it. Kept in the global configuration rather than in a job or folder
 * property, because a Jenkinsfile's {@code properties([...])} step rewrites its own job's properties and a folder's
 * owner configures the folder: neither may decide whether its runs are a person's.
 *
 * @param globs the compiled lines
 */
@Restricted(NoExternalUse.class)
public record AutomatedJobs(List<Glob> globs) {
    public static final AutomatedJobs NONE = new AutomatedJobs(List.of());

    public AutomatedJobs {
        globs = List.copyOf(globs);
    }

    /** Parses the text; a bad glob is an {@link IllegalArgumentException} naming its line. */
    public static AutomatedJobs parse(String text) {
        List<Glob> globs = new ArrayList<>();
        String[] lines = text == null ? new String[0] : text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                globs.add(Glob.compile(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("automated jobs, line " + (i + 1) + ": bad glob '" + line + "': "
                        + e.getMessage(), e);
            }
        }
        return new AutomatedJobs(globs);
    }

    /** The first glob that names this job, or {@code null}. */
    public Glob match(String jobFullName) {
        for (Glob glob : globs) {
            if (glob.matches(jobFullName)) {
                return glob;
            }
        }
        return null;
    }
}
