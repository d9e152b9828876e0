package io.jenkins.plugins.promotiongates.engine.approval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Assigns approvers to distinct groups for "N approvals from distinct groups". A person may be in several groups, so
 * taking each approver's first free group is wrong: with groups {@code ops} and {@code sec}, Alice in both and Bob in
 * {@code ops} only, greedily giving Alice {@code ops} leaves Bob nothing, although Alice→sec, Bob→ops works. This is
 * a maximum bipartite matching, found with augmenting paths (Kuhn's algorithm); O(approvers × edges), tiny here.
 */
public final class ApprovalMatching {
    private ApprovalMatching() {
    }

    /**
     * A largest assignment of approvers to pairwise different groups, each approver getting one of their groups that
     * is also in {@code allowedGroups}.
     *
     * @param approverGroups each approver's id with their groups, in a stable order (e.g. vote order)
     * @param allowedGroups  the groups the requirement names
     * @return approver id → assigned group, in the order of {@code approverGroups}; its size is the number of
     *         approvals that count towards distinct groups
     */
    public static Map<String, String> assign(Map<String, Set<String>> approverGroups, Set<String> allowedGroups) {
        List<String> approvers = new ArrayList<>(approverGroups.keySet());
        List<List<String>> candidates = new ArrayList<>();
        for (String approver : approvers) {
            Set<String> groups = new TreeSet<>(approverGroups.get(approver));
            groups.retainAll(allowedGroups);
            candidates.add(List.copyOf(groups));
        }
        Map<String, Integer> ownerOfGroup = new HashMap<>();
        for (int approver = 0; approver < approvers.size(); approver++) {
            augment(approver, candidates, ownerOfGroup, new HashSet<>());
        }
        String[] groupOf = new String[approvers.size()];
        ownerOfGroup.forEach((group, approver) -> groupOf[approver] = group);
        Map<String, String> assignment = new LinkedHashMap<>();
        for (int approver = 0; approver < approvers.size(); approver++) {
            if (groupOf[approver] != null) {
                assignment.put(approvers.get(approver), groupOf[approver]);
            }
        }
        return Collections.unmodifiableMap(assignment);
    }

    /** Tries to give {@code approver} a group, moving earlier approvers to other groups of theirs if that frees one. */
    private static boolean augment(int approver, List<List<String>> candidates, Map<String, Integer> ownerOfGroup,
            Set<String> visited) {
        for (String group : candidates.get(approver)) {
            if (visited.add(group)) {
                Integer owner = ownerOfGroup.get(group);
                if (owner == null || augment(owner, candidates, ownerOfGroup, visited)) {
                    ownerOfGroup.put(group, approver);
                    return true;
                }
            }
        }
        return false;
    }
}
