package io.jenkins.plugins.promotiongates.engine.model;

/** Test results of the run being promoted (from JUnit reports in Jenkins, or given to the CLI). */
public record TestEvidence(int total, int failed, int skipped) {
    public TestEvidence {
        if (total < 0 || failed < 0 || skipped < 0 || failed + skipped > total) {
            throw new IllegalArgumentException("Inconsistent test counts: total=" + total + ", failed=" + failed
                    + ", skipped=" + skipped);
        }
    }

    public int passed() {
        return total - failed - skipped;
    }
}
