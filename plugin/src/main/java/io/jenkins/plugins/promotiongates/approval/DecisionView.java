package io.jenkins.plugins.promotiongates.approval;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A decision as stored with the run (build.xml) and shown on its pages: plain fields, no engine types. */
public final class DecisionView implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String environment;
    private final String correlationId;
    private final String outcome;
    private final String policyHash;
    private final String decidedAt;
    private final Map<String, String> digests;
    private final List<Check> checks;

    public DecisionView(Decision decision, Map<String, String> digests) {
        this.environment = decision.environment();
        this.correlationId = decision.correlationId();
        this.outcome = decision.outcome().name();
        this.policyHash = decision.policyHash();
        this.decidedAt = decision.decidedAt().toString();
        this.digests = new TreeMap<>(digests);
        this.checks = new ArrayList<>();
        for (CheckResult check : decision.checks()) {
            checks.add(new Check(check.gate(), check.status().name(), check.code().name(), check.message()));
        }
    }

    public String getEnvironment() {
        return environment;
    }

    public String getCorrelationId() {
        return correlationId;
    }

    public String getOutcome() {
        return outcome;
    }

    public String getPolicyHash() {
        return policyHash;
    }

    public String getDecidedAt() {
        return decidedAt;
    }

    public Map<String, String> getDigests() {
        return new TreeMap<>(digests);
    }

    public List<Check> getChecks() {
        return List.copyOf(checks);
    }

    /** One check: gate, status (PASSED, FAILED, WARNED, PENDING, NOT_APPLICABLE), code and reason. */
    public static final class Check implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String gate;
        private final String status;
        private final String code;
        private final String message;

        public Check(String gate, String status, String code, String message) {
            this.gate = gate;
            this.status = status;
            this.code = code;
            this.message = message;
        }

        public String getGate() {
            return gate;
        }

        public String getStatus() {
            return status;
        }

        public String getCode() {
            return code;
        }

        public String getMessage() {
            return message;
        }

        public boolean isPassed() {
            return "PASSED".equals(status) || "NOT_APPLICABLE".equals(status);
        }
    }
}
