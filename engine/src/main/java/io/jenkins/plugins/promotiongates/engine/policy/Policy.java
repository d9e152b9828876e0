package io.jenkins.plugins.promotiongates.engine.policy;

import io.jenkins.plugins.promotiongates.engine.anomaly.AnomalyThresholds;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequirement;
import io.jenkins.plugins.promotiongates.engine.entitlement.EntitlementSettings;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded, validated policy: immutable, and only ever built completely (never half-applied). Its
 * {@link #hash()} is the SHA-256 of the file bytes and identifies the policy version in every decision and audit
 * record. Build one with {@link PolicyLoader}.
 */
public final class Policy {
    /** The only {@code apiVersion} this engine understands. */
    public static final String API_VERSION = "promotion-gates/v1";

    private final String source;
    private final String hash;
    private final List<EnvironmentPolicy> environments;
    private final Map<String, EnvironmentPolicy> byName;
    private final List<String> environmentNames;
    private final Map<String, TrustedRoot> trustedRoots;
    private final EntitlementSettings entitlements;
    private final AnomalyThresholds anomaly;
    private final BreakGlassRule breakGlass;
    private final Map<String, String> credentialEnvironments;
    private final NotificationRules notifications;

    Policy(String source, String hash, List<EnvironmentPolicy> environments, List<TrustedRoot> trustedRoots,
            EntitlementSettings entitlements, AnomalyThresholds anomaly, BreakGlassRule breakGlass,
            NotificationRules notifications) {
        this.source = source;
        this.hash = hash;
        this.environments = List.copyOf(environments);
        Map<String, EnvironmentPolicy> names = new HashMap<>();
        Map<String, String> credentials = new HashMap<>();
        for (EnvironmentPolicy environment : this.environments) {
            names.put(environment.name(), environment);
            environment.credentials().forEach(id -> credentials.put(id, environment.name()));
        }
        this.byName = Map.copyOf(names);
        this.environmentNames = this.environments.stream().map(EnvironmentPolicy::name).toList();
        Map<String, TrustedRoot> roots = new LinkedHashMap<>();
        trustedRoots.forEach(root -> roots.put(root.name(), root));
        this.trustedRoots = java.util.Collections.unmodifiableMap(roots);
        this.entitlements = entitlements;
        this.anomaly = anomaly;
        this.breakGlass = breakGlass;
        this.credentialEnvironments = Map.copyOf(credentials);
        this.notifications = notifications;
    }

    /** Where the policy came from (file name or source name). */
    public String source() {
        return source;
    }

    /** SHA-256 (lower-case hex) of the policy bytes: the policy version. */
    public String hash() {
        return hash;
    }

    public Optional<EnvironmentPolicy> environment(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The environments in promotion order. */
    public List<EnvironmentPolicy> environments() {
        return environments;
    }

    /** The environment names in promotion order. */
    public List<String> environmentNames() {
        return environmentNames;
    }

    /** The environment before this one in promotion order; empty for the first or an unknown environment. */
    public Optional<String> previousEnvironment(String name) {
        EnvironmentPolicy environment = byName.get(name);
        if (environment == null || environment.position() == 0) {
            return Optional.empty();
        }
        return Optional.of(environments.get(environment.position() - 1).name());
    }

    /** The environment a credential is bound to; a credential is bound to at most one environment. */
    public Optional<String> credentialEnvironment(String credentialId) {
        return Optional.ofNullable(credentialEnvironments.get(credentialId));
    }

    /** Whether the policy binds this credential to exactly this environment (deny by default otherwise). */
    public boolean isCredentialBoundTo(String credentialId, String environment) {
        return environment.equals(credentialEnvironments.get(credentialId));
    }

    public Optional<ApprovalRequirement> approvalRequirement(String environment) {
        EnvironmentPolicy policy = byName.get(environment);
        return policy == null ? Optional.empty() : policy.approvals();
    }

    /** The named trusted roots, in policy order, paths resolved. */
    public Map<String, TrustedRoot> trustedRoots() {
        return trustedRoots;
    }

    /**
     * Why a trusted root or a managed signing key cannot be used, one line per file: it did not match its pin or could
     * not be read when this policy was loaded. Empty when every root and key is pinned and read; a policy loaded from a
     * file ({@link PolicyLoader#load}) never has any (they are errors there).
     */
    public List<String> trustedRootProblems() {
        List<String> problems = new java.util.ArrayList<>(trustedRoots.values().stream()
                .filter(root -> root.state() != TrustedRoot.State.PINNED).map(TrustedRoot::problem).toList());
        environments.stream().flatMap(env -> env.signature().stream()).flatMap(rule -> rule.keys().stream())
                .filter(key -> key.state() != TrustedRoot.State.PINNED).map(ManagedKey::problem).distinct()
                .forEach(problems::add);
        return List.copyOf(problems);
    }

    public EntitlementSettings entitlements() {
        return entitlements;
    }

    public AnomalyThresholds anomaly() {
        return anomaly;
    }

    public BreakGlassRule breakGlass() {
        return breakGlass;
    }

    /** Who hears about promotions to this environment: its own {@code notifications:} section, else the global one. */
    public NotificationRule notifications(String environment) {
        return notifications.forEnvironment(environment);
    }

    /** The global {@code notifications:} section (quarantines, which concern no environment, follow it). */
    public NotificationRule notifications() {
        return notifications.global();
    }

    @Override
    public String toString() {
        return "Policy[" + source + ", " + hash.substring(0, 12) + ", " + environmentNames + "]";
    }
}
