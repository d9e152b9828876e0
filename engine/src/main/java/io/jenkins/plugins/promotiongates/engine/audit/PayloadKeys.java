package io.jenkins.plugins.promotiongates.engine.audit;

/**
 * Well-known keys of {@link AuditEvent#payload()}. Stores index some of them, so writers must use these names.
 * Keys are restricted to {@code [A-Za-z0-9._-]} so that their sort order is the same in every encoding.
 */
public final class PayloadKeys {
    /** On DEPLOYMENT: SUCCESS, FAILURE or ROLLED_BACK. A SUCCESS feeds {@link AuditStore#lastSuccessfulDeployment}. */
    public static final String DEPLOYMENT_OUTCOME = "deploymentOutcome";
    /** On CREDENTIAL_BOUND / CREDENTIAL_REFUSED: the credential id (never its secret). */
    public static final String CREDENTIAL_ID = "credentialId";
    /** Which store a bound or refused credential came from, and its fingerprint (never the secret). */
    public static final String CREDENTIAL_STORE = "credentialStore";
    public static final String CREDENTIAL_FINGERPRINT = "credentialFingerprint";
    /** The agent id and task of a presented entitlement. */
    public static final String ENTITLEMENT_AGENT = "entitlementAgent";
    public static final String ENTITLEMENT_TASK = "entitlementTask";
    /** A person's comment (reject reason, break-glass reason, review note). */
    public static final String COMMENT = "comment";
    /** Free-text detail (deployment log link, withdrawal reason). */
    public static final String DETAIL = "detail";
    /** On QUARANTINE / QUARANTINE_LIFTED / ANOMALY_SIGNAL: the identity concerned (the actor is who acted). */
    public static final String SUBJECT = "subject";
    /** On ANOMALY_SIGNAL: which signal fired. */
    public static final String SIGNAL = "signal";
    /** On POLICY_CHANGED: the policy file's content; its SHA-256 is the event's policy hash. */
    public static final String POLICY_CONTENT = "policyContent";
    /** On APPROVAL_REQUESTED: when the request times out (ISO-8601). */
    public static final String EXPIRES_AT = "expiresAt";

    private PayloadKeys() {
    }
}
