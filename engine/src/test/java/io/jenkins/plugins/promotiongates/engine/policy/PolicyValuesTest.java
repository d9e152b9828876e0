package io.jenkins.plugins.promotiongates.engine.policy;

import nl.jqno.equalsverifier.EqualsVerifier;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PolicyValuesTest {
    @Test
    void shouldBeValueTypes() {
        EqualsVerifier.forClass(Location.class).verify();
        EqualsVerifier.forClass(PolicyError.class).verify();
        EqualsVerifier.forClass(TrustedRoot.class).verify();
        EqualsVerifier.forClass(ManagedKey.class).verify();
    }

    @Test
    void shouldFormatErrorsForEditorsAndCi() {
        PolicyError error = new PolicyError(new Location("policy.yaml", 12, 7), "environments[1].order.after",
                "environment 'canary' is not defined", List.of("staging", "production"));

        assertThat(error).hasToString("policy.yaml:12:7: environments[1].order.after: environment 'canary' is not "
                + "defined");
    }

    @Test
    void shouldRequireExactlyOneSanForm() {
        assertThatIllegalArgumentException().isThrownBy(() -> new IdentityRule("a", "b", "issuer"));
        assertThatIllegalArgumentException().isThrownBy(() -> new IdentityRule(null, null, "issuer"));
    }

    @Test
    void shouldNeverLetBreakGlassOverrideVerification() {
        assertThatIllegalArgumentException().isThrownBy(() -> new BreakGlassRule(java.util.Set.of("sre"),
                java.util.Set.of("signature")));
        assertThat(BreakGlassRule.none().mayOverride("windows")).isFalse();
    }
}
