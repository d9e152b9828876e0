package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;
import io.jenkins.plugins.promotiongates.engine.policy.TestsRule;

import java.util.Map;
import java.util.Optional;

import static io.jenkins.plugins.promotiongates.engine.gate.Checks.ev;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.missing;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.mode;

/** The reported test results meet the environment's minimum count and maximum failures. */
final class TestsCheck implements GateCheck {
    @Override
    public String name() {
        return "tests";
    }

    @Override
    public CheckResult evaluate(GateContext context) {
        return tests(context.env(), context.request());
    }

    private static CheckResult tests(EnvironmentPolicy env, PromotionRequest request) {
        Optional<TestsRule> configured = env.tests();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("tests", "No test results are required for " + env.name() + ".");
        }
        TestsRule rule = configured.get();
        TestEvidence tests = request.tests();
        if (tests == null) {
            if (!rule.required()) {
                return CheckResult.passed("tests", "No test results were reported, and " + env.name()
                        + " does not require them.", Map.of());
            }
            return mode(missing("tests", "no test results were reported, but " + env.name() + " requires them",
                    ev("missing", "tests")), rule.mode());
        }
        Map<String, String> evidence = ev("total", String.valueOf(tests.total()), "failed",
                String.valueOf(tests.failed()), "skipped", String.valueOf(tests.skipped()), "maxFailures",
                String.valueOf(rule.maxFailures()), "minTotal", String.valueOf(rule.minTotal()));
        if (tests.total() < rule.minTotal()) {
            return mode(CheckResult.failed("tests", ReasonCode.TESTS_MISSING, "Only " + tests.total() + " tests ran, "
                    + "but " + env.name() + " requires at least " + rule.minTotal() + ".", evidence), rule.mode());
        }
        if (tests.failed() > rule.maxFailures()) {
            return mode(CheckResult.failed("tests", ReasonCode.TESTS_FAILED, tests.failed() + " of " + tests.total()
                    + " tests failed, but " + env.name() + " tolerates at most " + rule.maxFailures() + ".",
                    evidence), rule.mode());
        }
        return CheckResult.passed("tests", tests.passed() + " of " + tests.total() + " tests passed (" + tests.failed()
                + " failed, at most " + rule.maxFailures() + " allowed).", evidence);
    }
}
