package io.jenkins.plugins.promotiongates.engine.evidence;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * An evidence file or artifact path the caller refused while gathering (too large, a symbolic link, outside the
 * workspace, a glob matching nothing). It is not an error: the service records it as a denial with this reason.
 * Serializable because the plugin gathers on the agent and sends the refusal to the controller.
 *
 * @param code    the reason, e.g. {@code EVIDENCE_TOO_LARGE} or {@code ARTIFACT_SYMLINK_REFUSED}
 * @param path    the file or glob concerned, as the caller names it
 * @param message what was refused and why
 */
public record EvidenceRefusal(ReasonCode code, String path, String message) implements Serializable {
    private static final long serialVersionUID = 1L;

    public EvidenceRefusal {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** The FAILED check the service records (gate {@code artifacts}, the path as evidence). */
    public CheckResult toCheck() {
        return CheckResult.failed("artifacts", code, message, Map.of("path", path));
    }
}
