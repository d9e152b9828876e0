package io.jenkins.plugins.promotiongates.engine.policy;

import java.util.Set;

/**
 * Who may use the emergency path and what it may override. Only time-based conditions can be overridden
 * ({@code windows}, {@code freezes}); never signature, provenance or credential scope.
 *
 * @param groups    the groups whose members may break glass (besides holding the permission)
 * @param overrides the gates it may override, a subset of {@link #OVERRIDABLE}
 */
public record BreakGlassRule(Set<String> groups, Set<String> overrides) {
    /** The only gates break-glass may ever override. */
    public static final Set<String> OVERRIDABLE = Set.of("windows", "freezes");

    public BreakGlassRule {
        groups = Set.copyOf(groups);
        overrides = Set.copyOf(overrides);
        if (!OVERRIDABLE.containsAll(overrides)) {
            throw new IllegalArgumentException("break-glass may only override " + OVERRIDABLE + ", got " + overrides);
        }
    }

    /** No break-glass: nobody may override anything. */
    public static BreakGlassRule none() {
        return new BreakGlassRule(Set.of(), Set.of());
    }

    public boolean mayOverride(String gate) {
        return !groups.isEmpty() && overrides.contains(gate);
    }
}
