package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyError;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyValidationException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code policy check --json}: {@code {valid, file, policyHash, environments}} or {@code {valid: false, file,
 * errors: [{line, column, path, message, allowedValues}]}}, one object on one line; exit 0 or 2 as in text.
 */
final class PolicyCheckJson {
    private PolicyCheckJson() {
    }

    static int print(Path file, Output output) throws CliException {
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCodes.USAGE, "policy file " + file + " does not exist or is not a file");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        int exitCode;
        try {
            Policy policy = PolicyLoader.load(file);
            body.put("valid", true);
            body.put("file", file.toString());
            body.put("policyHash", policy.hash());
            body.put("environments", policy.environmentNames());
            exitCode = ExitCodes.OK;
        } catch (PolicyValidationException e) {
            body.put("valid", false);
            body.put("file", file.toString());
            body.put("errors", e.errors().stream().map(PolicyCheckJson::error).toList());
            exitCode = ExitCodes.USAGE;
        }
        output.out().println(Json.write(body));
        output.out().flush();
        return exitCode;
    }

    private static Map<String, Object> error(PolicyError error) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("line", error.location().line());
        node.put("column", error.location().column());
        node.put("path", error.path());
        node.put("message", error.message());
        node.put("allowedValues", error.allowedValues());
        return node;
    }
}
