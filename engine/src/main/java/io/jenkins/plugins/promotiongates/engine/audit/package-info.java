/**
 * The append-only, hash-chained audit trail: event values, the {@link AuditStore} port with its file and PostgreSQL
 * implementations, the chain verifier and the JSON Lines export. docs/audit.md describes the formats.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.promotiongates.engine.audit;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
