package io.jenkins.plugins.promotiongates.engine.policy;

import io.jenkins.plugins.promotiongates.engine.model.RuleMode;
import io.jenkins.plugins.promotiongates.engine.window.WindowCalendar;

import java.util.Objects;

/** Promotions are allowed only while one of the weekly change windows is open. */
public record WindowRule(RuleMode mode, WindowCalendar calendar) {
    public WindowRule {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(calendar, "calendar");
    }
}
