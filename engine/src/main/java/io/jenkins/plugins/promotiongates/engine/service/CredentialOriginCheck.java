package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.util.Map;

/** Judges where a policy-bound credential came from: one match in the trusted store, and the run sees that one. */
final class CredentialOriginCheck {
    private CredentialOriginCheck() {
    }

    static CheckResult check(String credentialId, CredentialOrigin origin) {
        Map<String, String> facts = Map.of("credentialId", credentialId,
                "trustedMatches", Integer.toString(origin.trustedMatches()),
                "runResolution", origin.runResolution().name(), "detail", origin.detail());
        if (origin.trustedMatches() == 0) {
            return CheckResult.failed("credentials", ReasonCode.CREDENTIAL_UNAVAILABLE, "credential " + credentialId
                    + " is not in the trusted credential store; a credential with this id elsewhere (folder, "
                    + "parameter) is never used for a policy-bound id: " + origin.detail(), facts);
        }
        if (origin.trustedMatches() > 1) {
            return CheckResult.failed("credentials", ReasonCode.CREDENTIAL_DUPLICATE, "the trusted credential store holds "
                    + origin.trustedMatches() + " credentials with id " + credentialId + "; refused until the id is "
                    + "unique", facts);
        }
        return switch (origin.runResolution()) {
            case SAME -> CheckResult.passed("credentials", "credential " + credentialId + " comes from the "
                    + origin.store() + " store", Map.of("credentialId", credentialId, "store", String.valueOf(origin.store()),
                    "fingerprint", String.valueOf(origin.fingerprint())));
            case OTHER -> CheckResult.failed("credentials", ReasonCode.CREDENTIAL_SHADOWED, "for this run, credential id "
                    + credentialId + " resolves to another credential (a credentials parameter or a folder store "
                    + "shadows the " + origin.store() + " store's): " + origin.detail(), facts);
            case NONE -> CheckResult.failed("credentials", ReasonCode.CREDENTIAL_UNAVAILABLE, "credential "
                    + credentialId + " of the " + origin.store() + " store is not available to this run (system "
                    + "scope?): " + origin.detail(), facts);
        };
    }
}
