package io.jenkins.plugins.promotiongates.util;

import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;

import java.util.List;
import java.util.Locale;

/** Renders decisions and checks for the console log and failure messages. */
@Restricted(NoExternalUse.class)
public final class DecisionText {
    private DecisionText() {
    }

    /** One line per reason, e.g. {@code - [signature] SIGNATURE_MISSING: no bundle for app.jar}. */
    public static String reasons(List<CheckResult> checks) {
        StringBuilder out = new StringBuilder();
        for (CheckResult check : checks) {
            out.append(String.format(Locale.ROOT, "%n  - [%s] %s: %s", check.gate(), check.code(), check.message()));
        }
        return out.toString();
    }

    /** The failure message of a denied gate. */
    public static String denial(Decision decision) {
        List<CheckResult> reasons = decision.reasons().isEmpty() ? decision.checks() : decision.reasons();
        return String.format(Locale.ROOT, "Promotion to '%s' denied (correlation id %s) because:%s",
                decision.environment(), decision.correlationId(), reasons(reasons));
    }
}
