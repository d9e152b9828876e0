package io.jenkins.plugins.promotiongates.engine.policy;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequirement;
import io.jenkins.plugins.promotiongates.engine.model.RuleMode;
import io.jenkins.plugins.promotiongates.engine.window.FreezeCalendar;

import java.util.Objects;

/**
 * No promotion during a freeze, unless the requester asks for the exception route and enough people approve it.
 *
 * @param mode      enforce or warn
 * @param calendar  the freeze periods
 * @param exception the approval an exception needs; null means a freeze has no exception route
 */
public record FreezeRule(RuleMode mode, FreezeCalendar calendar, @CheckForNull ApprovalRequirement exception) {
    public FreezeRule {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(calendar, "calendar");
    }
}
