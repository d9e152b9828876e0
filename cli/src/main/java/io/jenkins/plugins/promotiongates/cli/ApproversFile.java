package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.approval.Approver;
import io.jenkins.plugins.promotiongates.engine.approval.ApproverDirectory;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CLI's {@link ApproverDirectory}: a file the admin keeps, one approver a line ({@code USER = GROUP, GROUP}, {@code #}
 * comments). When a vote reaches the quorum every counted vote is judged against it, so a person removed from the
 * file (or from a group) since voting no longer counts. Listed users hold the Approve permission; users are compared
 * case-insensitively, groups exactly.
 */
final class ApproversFile implements ApproverDirectory {
    private final Map<String, Set<String>> groupsByUser;

    private ApproversFile(Map<String, Set<String>> groupsByUser) {
        this.groupsByUser = Map.copyOf(groupsByUser);
    }

    static ApproversFile load(Path file) throws CliException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read the approvers file " + file + ": " + e.getMessage(), e);
        }
        Map<String, Set<String>> groups = new HashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String where = file + ":" + (n + 1) + ": ";
            if (equals <= 0) {
                throw new CliException(ExitCodes.USAGE, where + "expected USER = GROUP, GROUP, got '"
                        + Identifiers.printable(line) + "'");
            }
            String user = line.substring(0, equals).strip();
            Set<String> userGroups = new LinkedHashSet<>();
            for (String group : line.substring(equals + 1).split(",", -1)) {
                if (!group.isBlank()) {
                    userGroups.add(group.strip());
                }
            }
            try {
                Identifiers.requireSafeText("user", user, 256);
                userGroups.forEach(group -> Identifiers.requireSafeText("group", group, 256));
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, where + e.getMessage(), e);
            }
            if (groups.put(Approver.normalize(user), Set.copyOf(userGroups)) != null) {
                throw new CliException(ExitCodes.USAGE, where + "user " + user + " is listed twice");
            }
        }
        return new ApproversFile(groups);
    }

    @Override
    public Optional<Approver> current(Approver asVoted) {
        Set<String> groups = groupsByUser.get(asVoted.key());
        return groups == null ? Optional.empty()
                : Optional.of(new Approver(asVoted.userId(), groups, true, asVoted.agent()));
    }
}
