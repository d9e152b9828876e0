package io.jenkins.plugins.promotiongates.engine.entitlement;

import java.time.Duration;
import java.util.List;

/**
 * How entitlements are checked.
 *
 * @param brokers   the broker keys trusted to sign entitlements; none means no agent can be entitled
 * @param clockSkew the tolerance applied to issue and expiry times (explicit and small, e.g. 30 s)
 * @param maxTtl    the longest lifetime an entitlement may claim (short TTLs: minutes)
 */
public record EntitlementSettings(List<TrustedBroker> brokers, Duration clockSkew, Duration maxTtl) {
    public EntitlementSettings {
        brokers = List.copyOf(brokers);
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("clock skew must be between 0 and 5 minutes, got " + clockSkew);
        }
        if (maxTtl.isNegative() || maxTtl.isZero()) {
            throw new IllegalArgumentException("max TTL must be positive, got " + maxTtl);
        }
    }

    /** No trusted brokers: every entitlement is refused. */
    public static EntitlementSettings none() {
        return new EntitlementSettings(List.of(), Duration.ofSeconds(30), Duration.ofHours(1));
    }
}
