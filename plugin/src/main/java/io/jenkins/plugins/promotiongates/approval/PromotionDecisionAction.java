package io.jenkins.plugins.promotiongates.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import jenkins.model.RunAction2;

import java.util.ArrayList;
import java.util.List;

/** The gate decisions of one run, one per environment (latest wins), with every check; shown on the run page. */
public class PromotionDecisionAction implements RunAction2 {
    private final List<DecisionView> decisions = new ArrayList<>();

    /** Records (or replaces) the decision for its environment. */
    public synchronized void record(DecisionView decision) {
        decisions.removeIf(d -> d.getEnvironment().equals(decision.getEnvironment()));
        decisions.add(decision);
    }

    public synchronized List<DecisionView> getDecisions() {
        return List.copyOf(decisions);
    }

    /** The decision recorded for the environment, if the gate ran for it in this run. */
    @CheckForNull
    public synchronized DecisionView forEnvironment(String environment) {
        return decisions.stream().filter(d -> d.getEnvironment().equals(environment)).findFirst().orElse(null);
    }

    @Override
    public String getIconFileName() {
        return "symbol-shield-checkmark-outline plugin-ionicons-api";
    }

    @Override
    public String getDisplayName() {
        return "Promotion Gates";
    }

    @Override
    public String getUrlName() {
        return "promotion-gates";
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        // nothing to remember: the run is reachable through Stapler's "it" ancestors
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        // decisions are stored with the run; nothing to rebuild
    }
}
