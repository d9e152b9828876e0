package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;
import io.jenkins.plugins.promotiongates.engine.policy.WindowRule;

import java.time.Instant;
import java.util.Optional;

import static io.jenkins.plugins.promotiongates.engine.gate.Checks.ev;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.mode;

/** A change window of the environment is open now. */
final class WindowsCheck implements GateCheck {
    @Override
    public String name() {
        return "windows";
    }

    @Override
    public CheckResult evaluate(GateContext context) {
        return windows(context.env(), context.now());
    }

    private static CheckResult windows(EnvironmentPolicy env, Instant now) {
        Optional<WindowRule> configured = env.windows();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("windows", "No change windows are configured for " + env.name()
                    + "; promotions may happen at any time.");
        }
        WindowRule rule = configured.get();
        String local = rule.calendar().localTimes(now);
        if (rule.calendar().isOpen(now)) {
            return CheckResult.passed("windows", "A change window of " + env.name() + " is open (now " + local
                    + ").", ev("local", local));
        }
        String next = rule.calendar().nextOpening(now);
        return mode(CheckResult.failed("windows", ReasonCode.OUTSIDE_CHANGE_WINDOW, env.name() + " is outside its "
                + "change windows: it is " + local + ", but promotions are allowed only " + rule.calendar().describe()
                + (next == null ? "." : "; next opening " + next + "."), ev("now", now.toString(), "local", local,
                "windows", rule.calendar().describe(), "nextOpening", next)), rule.mode());
    }
}
