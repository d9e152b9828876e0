package io.jenkins.plugins.promotiongates.engine.model;

/**
 * Stable codes for every check outcome. The audit trail, the CLI's JSON and scripts branch on these names, so a
 * code is never renamed or reused; new codes are appended. docs/troubleshooting.md has one entry per code.
 */
public enum ReasonCode {
    OK,

    // Request and policy
    INVALID_REQUEST,
    UNKNOWN_ENVIRONMENT,
    NO_RULE_ALLOWS,
    MISSING_EVIDENCE,
    POLICY_INVALID,
    POLICY_STALE,

    // Artifact verification
    DIGEST_MISMATCH,
    SIGNATURE_MISSING,
    SIGNATURE_INVALID,
    IDENTITY_MISMATCH,
    ISSUER_MISMATCH,
    CERTIFICATE_CHAIN_INVALID,
    CERTIFICATE_EXPIRED_AT_INTEGRATION,
    TLOG_ENTRY_INVALID,
    TLOG_OUTSIDE_VALIDITY,
    INCLUSION_PROOF_MISSING,
    INCLUSION_PROOF_INVALID,
    CHECKPOINT_INVALID,
    SET_INVALID,
    TIMESTAMP_INVALID,
    UNSUPPORTED_BUNDLE,
    TRUST_ROOT_UNAVAILABLE,
    PROVENANCE_MISSING,
    PROVENANCE_INVALID,
    PROVENANCE_SUBJECT_MISMATCH,
    PROVENANCE_PREDICATE_UNSUPPORTED,
    BUILDER_UNTRUSTED,
    SOURCE_REPO_MISMATCH,
    SOURCE_REF_MISMATCH,

    // Policy conditions
    OUTSIDE_CHANGE_WINDOW,
    FREEZE_ACTIVE,
    FREEZE_EXCEPTION_NEEDS_APPROVAL,
    NOT_ON_ALLOWLIST,
    PROMOTION_ORDER_VIOLATED,
    SOAK_TIME_NOT_MET,
    TESTS_MISSING,
    TESTS_FAILED,
    ROLLBACK_PLAN_MISSING,

    // Approval
    APPROVAL_REQUIRED,
    APPROVAL_REJECTED,
    APPROVAL_TIMED_OUT,
    APPROVAL_WITHDRAWN,
    SELF_APPROVAL_FORBIDDEN,
    APPROVER_NOT_AUTHORIZED,
    APPROVAL_BINDING_MISMATCH,
    APPROVAL_ALREADY_CONSUMED,
    BREAK_GLASS,
    APPROVAL_ALREADY_DECIDED,
    APPROVAL_VOTE_ALREADY_COUNTED,

    // Credentials and deployment
    CREDENTIAL_OUT_OF_SCOPE,
    CREDENTIAL_NOT_GATED,
    ARTIFACT_CHANGED_SINCE_GATE,
    /** A policy-bound credential id is not in the trusted store, or that credential is not available to the run. */
    CREDENTIAL_UNAVAILABLE,
    /** A credentials parameter or a folder credential with the same id would replace the trusted one. */
    CREDENTIAL_SHADOWED,
    /** The trusted store holds more than one credential with the id. */
    CREDENTIAL_DUPLICATE,

    // Agents
    ENTITLEMENT_MISSING,
    ENTITLEMENT_INVALID,
    ENTITLEMENT_UNTRUSTED_ISSUER,
    ENTITLEMENT_EXPIRED,
    ENTITLEMENT_NOT_YET_VALID,
    ENTITLEMENT_OUT_OF_SCOPE,
    AGENTS_NOT_ALLOWED,
    IDENTITY_QUARANTINED,
    ESCALATION_REQUIRED,

    // Infrastructure (fail closed)
    STORE_UNAVAILABLE,
    INTERNAL_ERROR,

    // Trust inputs
    /** A trusted root's file did not match the SHA-256 its policy pins when the policy was applied. */
    TRUST_ROOT_PIN_MISMATCH,

    // Evidence the caller gathers (issue 17): who asks, who wrote the change, which files are the artifacts
    /** A person was required, but the requester is Jenkins' SYSTEM identity or not derived from a user's start. */
    REQUESTER_NOT_A_PERSON,
    /** The environment needs approval, the commit authors could not be determined, and the policy blocks then. */
    COMMIT_AUTHORS_UNKNOWN,
    /** An artifact glob (or one of several comma-separated globs) matches no file in the workspace. */
    ARTIFACT_NOT_FOUND,
    /** An artifact or evidence path is a symbolic link, or lies under one. */
    ARTIFACT_SYMLINK_REFUSED,
    /** An artifact or evidence path resolves outside the workspace. */
    ARTIFACT_OUTSIDE_WORKSPACE,
    /** An evidence file (bundle, provenance, test report, entitlement) is larger than its documented limit. */
    EVIDENCE_TOO_LARGE,
    /** A managed public key's file did not match the SHA-256 its policy pins when the policy was applied. */
    SIGNING_KEY_PIN_MISMATCH,

    // Notifications (issue 23): recorded on NOTIFICATION_FAILED, never on a decision
    /** A mail server or webhook refused, timed out or could not be reached; the attempt is retried with backoff. */
    NOTIFICATION_DELIVERY_FAILED,
    /** A delivery cannot be made as configured: no webhook secret, no mail address, no mail server. */
    NOTIFICATION_NOT_CONFIGURED
}
