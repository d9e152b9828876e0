package io.jenkins.plugins.promotiongates.engine.policy;

import java.util.Map;

/** The global notification rule and the environments' own, which replace it. */
record NotificationRules(NotificationRule global, Map<String, NotificationRule> byEnvironment) {
    NotificationRules {
        byEnvironment = Map.copyOf(byEnvironment);
    }

    NotificationRule forEnvironment(String environment) {
        return byEnvironment.getOrDefault(environment, global);
    }
}
