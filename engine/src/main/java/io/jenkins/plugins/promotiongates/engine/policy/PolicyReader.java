package io.jenkins.plugins.promotiongates.engine.policy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.allowlist.Allowlist;
import io.jenkins.plugins.promotiongates.engine.allowlist.Glob;
import io.jenkins.plugins.promotiongates.engine.allowlist.GlobSet;
import io.jenkins.plugins.promotiongates.engine.model.RepositoryNames;
import io.jenkins.plugins.promotiongates.engine.anomaly.AnomalyThresholds;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequirement;
import io.jenkins.plugins.promotiongates.engine.entitlement.EntitlementSettings;
import io.jenkins.plugins.promotiongates.engine.entitlement.TrustedBroker;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.RuleMode;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyNode.Field;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyNode.ListNode;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyNode.MapNode;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyNode.Scalar;
import io.jenkins.plugins.promotiongates.engine.window.ChangeWindow;
import io.jenkins.plugins.promotiongates.engine.window.Freeze;
import io.jenkins.plugins.promotiongates.engine.window.FreezeCalendar;
import io.jenkins.plugins.promotiongates.engine.window.WindowCalendar;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns the located document tree into policy values, collecting every error instead of stopping at the first.
 * Returns a policy only when no error was found; the caller never sees a half-built one.
 */
final class PolicyReader {
    private static final String UNKNOWN_COMMIT_AUTHORS = "unknownCommitAuthors";
    private static final List<String> TOP_KEYS = List.of("apiVersion", "trustedRoots", "entitlements", "anomaly",
            "breakGlass", "notifications", "environments");
    private static final List<String> ENVIRONMENT_KEYS = List.of("name", "description", "actions", "agents",
            "credentials", "signature", "provenance", "allowlist", "windows", "freezes", "order", "tests",
            "rollbackPlan", "approvals", "escalation", "notifications");
    private static final List<String> MODES = List.of("enforce", "warn");
    private static final List<String> ACTIONS = List.of("promote", "rollback");
    private static final List<String> AGENTS = List.of("never", "with-approval", "allowed");
    private static final List<String> ALGORITHMS = List.of("ES256", "EdDSA");
    /** The only string keys whose values may contain line breaks and tabs. */
    private static final Set<String> MULTI_LINE_KEYS = Set.of("description", "reason", "publicKey");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)|24:00");
    private static final Map<String, DayOfWeek> DAY_NAMES = dayNames();

    private final String file;
    private final Path base;
    private final boolean checkFiles;
    private final List<PolicyError> errors;
    private final Map<String, String> credentialOwners = new HashMap<>();

    PolicyReader(String file, Path base, boolean checkFiles, List<PolicyError> errors) {
        this.file = file;
        this.base = base;
        this.checkFiles = checkFiles;
        this.errors = errors;
    }

    @CheckForNull
    Policy read(PolicyNode root, String hash) {
        MapNode top = map(root, "");
        if (top == null) {
            return null;
        }
        allowKeys(top, "", TOP_KEYS);
        String apiVersion = string(top, "apiVersion", "", true);
        if (apiVersion != null && !Policy.API_VERSION.equals(apiVersion)) {
            error(valueLocation(top, "apiVersion"), "apiVersion", "unsupported apiVersion '" + apiVersion
                    + "': expected '" + Policy.API_VERSION + "'", List.of(Policy.API_VERSION));
        }
        Map<String, TrustedRoot> roots = trustedRoots(top);
        EntitlementSettings entitlements = entitlements(top);
        AnomalyThresholds anomaly = anomaly(top);
        BreakGlassRule breakGlass = breakGlass(top);
        List<EnvironmentPolicy> environments = environments(top, roots);
        NotificationRules notifications = notifications(top);
        if (!errors.isEmpty() || entitlements == null || anomaly == null || breakGlass == null) {
            return null;
        }
        return new Policy(file, hash, environments, List.copyOf(roots.values()), entitlements, anomaly, breakGlass,
                notifications);
    }

    // ---- global sections ----

    private Map<String, TrustedRoot> trustedRoots(MapNode top) {
        Map<String, TrustedRoot> roots = new LinkedHashMap<>();
        List<MapNode> items = mapList(top, "trustedRoots", "trustedRoots");
        for (int i = 0; i < items.size(); i++) {
            MapNode item = items.get(i);
            String path = "trustedRoots[" + i + "]";
            allowKeys(item, path, List.of("name", "path", "sha256"));
            String name = string(item, "name", path, true);
            Path file = path(item, "path", path);
            String pin = pin(item, path, file, "a trusted root", TrustedRoots::sha256Of);
            if (name != null && roots.containsKey(name)) {
                error(valueLocation(item, "name"), path + ".name", "duplicate trusted root name '" + name + "'");
            } else if (name != null && file != null && pin == null) {
                // Invalid already; known by name so that environments naming it get no second error.
                roots.put(name, TrustedRoot.unusable(name, file, "", TrustedRoot.State.UNREADABLE, "not pinned"));
            } else if (name != null && file != null) {
                TrustedRoot root = TrustedRoots.read(name, file, pin);
                if (checkFiles && root.state() != TrustedRoot.State.PINNED) {
                    // Applying a policy file (CLI, policy check): a root that does not match its pin is refused.
                    error(valueLocation(item, "sha256"), path + ".sha256", root.problem());
                }
                roots.put(name, root);
            }
        }
        return roots;
    }

    /**
     * The pin of a trust file (a trusted root, a managed key): required, 64 hex digits; when missing the error says
     * what to paste.
     */
    @CheckForNull
    private String pin(MapNode item, String path, @CheckForNull Path file, String what,
            java.util.function.Function<Path, String> currentDigest) {
        if (!item.fields().containsKey("sha256")) {
            String current = file == null ? null : currentDigest.apply(file);
            error(item.location(), path + ".sha256", "missing required key 'sha256': " + what + " is pinned by the "
                    + "SHA-256 of its content" + (current == null ? "" : "; this file's is " + current
                    + " (check that it is the " + what.substring(what.indexOf(' ') + 1) + " you trust, then add: "
                    + "sha256: " + current + ")"));
            return null;
        }
        String pin = string(item, "sha256", path, true);
        if (pin == null) {
            return null;
        }
        if (!SHA256.matcher(pin).matches()) {
            error(valueLocation(item, "sha256"), path + ".sha256", "expected the SHA-256 of the file as 64 hex "
                    + "digits, got '" + pin + "'");
            return null;
        }
        return pin.toLowerCase(Locale.ROOT);
    }

    private EntitlementSettings entitlements(MapNode top) {
        MapNode section = optionalMap(top, "entitlements", "entitlements");
        if (section == null) {
            return EntitlementSettings.none();
        }
        allowKeys(section, "entitlements", List.of("brokers", "clockSkewSeconds", "maxTtlMinutes"));
        int skew = integer(section, "clockSkewSeconds", "entitlements", 0, 300, 30);
        int ttl = integer(section, "maxTtlMinutes", "entitlements", 1, 24 * 60, 60);
        List<TrustedBroker> brokers = new ArrayList<>();
        Set<String> keyIds = new HashSet<>();
        List<MapNode> items = mapList(section, "brokers", "entitlements.brokers");
        for (int i = 0; i < items.size(); i++) {
            MapNode item = items.get(i);
            String path = "entitlements.brokers[" + i + "]";
            allowKeys(item, path, List.of("keyId", "algorithm", "publicKey"));
            String keyId = string(item, "keyId", path, true);
            String algorithm = choice(item, "algorithm", path, ALGORITHMS, null);
            String publicKey = string(item, "publicKey", path, true);
            if (keyId != null && !keyIds.add(keyId)) {
                error(valueLocation(item, "keyId"), path + ".keyId", "duplicate broker keyId '" + keyId + "'");
            }
            if (algorithm != null && publicKey != null) {
                String problem = checkPublicKey(algorithm, publicKey);
                if (problem != null) {
                    error(valueLocation(item, "publicKey"), path + ".publicKey", problem);
                }
            }
            if (keyId != null && algorithm != null && publicKey != null) {
                brokers.add(new TrustedBroker(keyId, algorithm, publicKey));
            }
        }
        return new EntitlementSettings(brokers, Duration.ofSeconds(skew), Duration.ofMinutes(ttl));
    }

    @CheckForNull
    private AnomalyThresholds anomaly(MapNode top) {
        MapNode section = optionalMap(top, "anomaly", "anomaly");
        if (section == null) {
            return AnomalyThresholds.defaults();
        }
        AnomalyThresholds defaults = AnomalyThresholds.defaults();
        allowKeys(section, "anomaly", List.of("denials", "denialWindowMinutes", "quarantineOnDenials",
                "burstRequests", "burstWindowMinutes", "productionAttempts"));
        int denials = integer(section, "denials", "anomaly", 1, 1_000_000, defaults.denials());
        int denialWindow = integer(section, "denialWindowMinutes", "anomaly", 1, 7 * 24 * 60,
                (int) defaults.denialWindow().toMinutes());
        boolean quarantine = bool(section, "quarantineOnDenials", "anomaly", defaults.quarantineOnDenials());
        int burst = integer(section, "burstRequests", "anomaly", 1, 1_000_000, defaults.burstRequests());
        int burstWindow = integer(section, "burstWindowMinutes", "anomaly", 1, 7 * 24 * 60,
                (int) defaults.burstWindow().toMinutes());
        int production = integer(section, "productionAttempts", "anomaly", 1, 1_000_000,
                defaults.productionAttempts());
        return new AnomalyThresholds(denials, Duration.ofMinutes(denialWindow), quarantine, burst,
                Duration.ofMinutes(burstWindow), production);
    }

    @CheckForNull
    private BreakGlassRule breakGlass(MapNode top) {
        MapNode section = optionalMap(top, "breakGlass", "breakGlass");
        if (section == null) {
            return BreakGlassRule.none();
        }
        allowKeys(section, "breakGlass", List.of("groups", "overrides"));
        List<Item> groups = items(section, "groups", "breakGlass");
        if (groups.isEmpty()) {
            error(section.location(), "breakGlass.groups", "break-glass needs at least one group");
        }
        Set<String> overrides = new LinkedHashSet<>();
        List<String> overridable = BreakGlassRule.OVERRIDABLE.stream().sorted().toList();
        for (Item item : items(section, "overrides", "breakGlass")) {
            if (BreakGlassRule.OVERRIDABLE.contains(item.value())) {
                overrides.add(item.value());
            } else {
                error(item.location(), item.path(), "break-glass can only override windows and freezes, never '"
                        + item.value() + "'", overridable);
            }
        }
        return new BreakGlassRule(values(groups), overrides);
    }

    // ---- notifications (global, and per environment replacing it) ----

    private NotificationRules notifications(MapNode top) {
        NotificationRule global = notificationRule(top, "notifications", NotificationRule.defaults());
        Map<String, NotificationRule> byEnvironment = new LinkedHashMap<>();
        Field field = top.fields().get("environments");
        if (field != null && field.value() instanceof ListNode list) {
            for (int i = 0; i < list.items().size(); i++) {
                if (list.items().get(i) instanceof MapNode environment
                        && environment.fields().containsKey("notifications")
                        && environment.fields().get("name") != null
                        && environment.fields().get("name").value() instanceof Scalar name) {
                    byEnvironment.put(name.text(), notificationRule(environment, "environments[" + i
                            + "].notifications", global));
                }
            }
        }
        return new NotificationRules(global, byEnvironment);
    }

    private NotificationRule notificationRule(MapNode parent, String path, NotificationRule fallback) {
        MapNode section = optionalMap(parent, "notifications", path);
        if (section == null) {
            return fallback;
        }
        allowKeys(section, path, List.of("admins", "mail", "reminderMinutes", "digestMinutes", "webhooks"));
        Set<String> admins = values(items(section, "admins", path));
        for (String admin : admins) {
            try {
                Identifiers.requireSafeText("admin user id", admin, 256);
            } catch (IllegalArgumentException e) {
                error(section.location(), path + ".admins", e.getMessage());
            }
        }
        boolean mail = bool(section, "mail", path, true);
        int reminder = integer(section, "reminderMinutes", path, 0, 30 * 24 * 60, 0);
        int digest = integer(section, "digestMinutes", path, 0, 24 * 60, 0);
        List<NotificationRule.Webhook> webhooks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<MapNode> items = mapList(section, "webhooks", path + ".webhooks");
        for (int i = 0; i < items.size(); i++) {
            MapNode item = items.get(i);
            String itemPath = path + ".webhooks[" + i + "]";
            allowKeys(item, itemPath, List.of("name", "url", "secretId"));
            String name = string(item, "name", itemPath, true);
            String url = string(item, "url", itemPath, true);
            String secretId = string(item, "secretId", itemPath, true);
            if (name != null && !name.matches("[A-Za-z0-9_-]{1,64}")) {
                error(valueLocation(item, "name"), itemPath + ".name", "expected 1 to 64 of [A-Za-z0-9_-] (it names "
                        + "the delivery in the audit trail and the CLI's secret variable), got '" + name + "'");
                name = null;
            } else if (name != null && !names.add(name)) {
                error(valueLocation(item, "name"), itemPath + ".name", "duplicate webhook name '" + name + "'");
                name = null;
            }
            if (secretId != null && !secretId.matches("[A-Za-z0-9._-]{1,128}")) {
                error(valueLocation(item, "secretId"), itemPath + ".secretId", "expected a credential id of "
                        + "[A-Za-z0-9._-] (the id of the secret, never the secret itself)");
                secretId = null;
            }
            URI uri = url == null ? null : webhookUrl(item, itemPath, url);
            if (name != null && uri != null && secretId != null) {
                webhooks.add(new NotificationRule.Webhook(name, uri, secretId));
            }
        }
        return new NotificationRule(admins, mail, reminder, digest, webhooks);
    }

    /** https, or http to a loopback address only: the payload names artifacts and people. */
    @CheckForNull
    private URI webhookUrl(MapNode item, String path, String url) {
        try {
            URI uri = new URI(url);
            String host = uri.getHost();
            boolean loopback = host != null && (host.equals("localhost") || host.equals("127.0.0.1")
                    || host.equals("[::1]") || host.equals("::1"));
            if (host != null && uri.getUserInfo() == null && ("https".equals(uri.getScheme())
                    || ("http".equals(uri.getScheme()) && loopback))) {
                return uri;
            }
            error(valueLocation(item, "url"), path + ".url", "expected an https URL without user info (http only to"
                    + " localhost), got '" + url + "'");
        } catch (URISyntaxException e) {
            error(valueLocation(item, "url"), path + ".url", "not a URL: " + e.getMessage());
        }
        return null;
    }

    // ---- environments ----

    private List<EnvironmentPolicy> environments(MapNode top, Map<String, TrustedRoot> roots) {
        Field field = top.fields().get("environments");
        if (field == null) {
            error(top.location(), "environments", "missing required key 'environments': declare the environments "
                    + "in promotion order");
            return List.of();
        }
        ListNode list = list(field.value(), "environments");
        if (list == null) {
            return List.of();
        }
        if (list.items().isEmpty()) {
            error(list.location(), "environments", "at least one environment is required");
        }
        // First pass: names, so that references (order.after) can point anywhere.
        Map<String, Integer> positions = new LinkedHashMap<>();
        List<MapNode> maps = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            MapNode environment = map(list.items().get(i), "environments[" + i + "]");
            maps.add(environment);
            if (environment == null) {
                continue;
            }
            String name = string(environment, "name", "environments[" + i + "]", true);
            if (name == null) {
                continue;
            }
            try {
                Identifiers.requireEnvironmentName(name);
            } catch (IllegalArgumentException e) {
                error(valueLocation(environment, "name"), "environments[" + i + "].name", e.getMessage());
                continue;
            }
            if (positions.containsKey(name)) {
                error(valueLocation(environment, "name"), "environments[" + i + "].name", "duplicate environment '"
                        + name + "' (already environments[" + positions.get(name) + "])");
            } else {
                positions.put(name, i);
            }
        }
        List<EnvironmentPolicy> result = new ArrayList<>();
        for (int i = 0; i < maps.size(); i++) {
            MapNode environment = maps.get(i);
            if (environment != null) {
                EnvironmentPolicy policy = environment(environment, "environments[" + i + "]", i, positions, roots);
                if (policy != null) {
                    result.add(policy);
                }
            }
        }
        return result;
    }

    @CheckForNull
    private EnvironmentPolicy environment(MapNode env, String path, int position, Map<String, Integer> positions,
            Map<String, TrustedRoot> roots) {
        allowKeys(env, path, ENVIRONMENT_KEYS);
        String name = string(env, "name", path, true);
        string(env, "description", path, false);
        Set<PromotionRequest.Action> actions = EnumSet.noneOf(PromotionRequest.Action.class);
        for (Item item : items(env, "actions", path)) {
            if (ACTIONS.contains(item.value())) {
                actions.add(PromotionRequest.Action.valueOf(item.value().toUpperCase(Locale.ROOT)));
            } else {
                error(item.location(), item.path(), "unknown action '" + item.value() + "'", ACTIONS);
            }
        }
        String agentsText = choice(env, "agents", path, AGENTS, "never");
        AgentAccess agents = agentsText == null ? AgentAccess.NEVER
                : AgentAccess.valueOf(agentsText.toUpperCase(Locale.ROOT).replace('-', '_'));
        Set<String> credentials = new LinkedHashSet<>();
        for (Item item : items(env, "credentials", path)) {
            String owner = credentialOwners.putIfAbsent(item.value(), path);
            if (owner != null) {
                error(item.location(), item.path(), "credential '" + item.value() + "' is already bound to "
                        + owner + "; a credential belongs to exactly one environment");
            } else {
                credentials.add(item.value());
            }
        }
        SignatureRule signature = signature(env, path + ".signature", roots);
        ProvenanceRule provenance = provenance(env, path + ".provenance");
        Allowlist allowlist = allowlist(env, path + ".allowlist");
        WindowRule windows = windows(env, path + ".windows");
        FreezeRule freezes = freezes(env, path + ".freezes");
        OrderRule order = order(env, path + ".order", position, positions);
        TestsRule tests = tests(env, path + ".tests");
        RollbackPlanRule rollbackPlan = rollbackPlan(env, path + ".rollbackPlan");
        ApprovalRequirement approvals = approvals(env, "approvals", path + ".approvals", true);
        boolean blockUnknownAuthors = blocksUnknownCommitAuthors(env, path + ".approvals");
        EscalationRule escalation = escalation(env, path + ".escalation");
        if (approvals == null && agents == AgentAccess.WITH_APPROVAL) {
            error(valueLocation(env, "agents"), path + ".agents", "agents: with-approval needs an approvals section "
                    + "in this environment, so that someone can approve");
        }
        if (approvals == null && escalation != null) {
            error(env.fields().get("escalation").keyLocation(), path + ".escalation", "escalation needs an "
                    + "approvals section in this environment, so that someone can decide");
        }
        if (name == null) {
            return null;
        }
        return new EnvironmentPolicy(name, position, actions, agents, credentials, signature, provenance, allowlist,
                windows, freezes, order, tests, rollbackPlan, escalation, approvals, blockUnknownAuthors);
    }

    /**
     * {@code approvals.unknownCommitAuthors}: {@code block} (default: where people must approve, an approval that
     * cannot exclude the change's own authors is denied) or {@code allow} (the approvers decide, warned on the page
     * and in the decision). A malformed value is an error, so a typo never silently allows.
     */
    private boolean blocksUnknownCommitAuthors(MapNode env, String path) {
        Field field = env.fields().get("approvals");
        if (field == null || !(field.value() instanceof MapNode section)) {
            return false; // no approvals section (or a malformed one, already reported): no approver to warn
        }
        return "block".equals(choice(section, UNKNOWN_COMMIT_AUTHORS, path, List.of("block", "allow"), "block"));
    }

    @CheckForNull
    private SignatureRule signature(MapNode env, String path, Map<String, TrustedRoot> roots) {
        MapNode section = section(env, "signature", path, List.of("enabled", "mode", "trustedRoots", "identities",
                "keys"));
        if (section == null) {
            return null;
        }
        RuleMode mode = mode(section, path);
        List<TrustedRoot> selected = new ArrayList<>();
        List<Item> rootNames = items(section, "trustedRoots", path);
        if (section.fields().containsKey("trustedRoots")) {
            for (Item item : rootNames) {
                TrustedRoot root = roots.get(item.value());
                if (root == null) {
                    error(item.location(), item.path(), "trusted root '" + item.value() + "' is not defined in "
                            + "trustedRoots", List.copyOf(roots.keySet()));
                } else {
                    selected.add(root);
                }
            }
        } else {
            selected.addAll(roots.values());
        }
        List<IdentityRule> identities = new ArrayList<>();
        List<MapNode> identityMaps = mapList(section, "identities", path + ".identities");
        for (int i = 0; i < identityMaps.size(); i++) {
            MapNode item = identityMaps.get(i);
            String itemPath = path + ".identities[" + i + "]";
            allowKeys(item, itemPath, List.of("san", "sanRegex", "issuer"));
            String san = string(item, "san", itemPath, false);
            String sanRegex = string(item, "sanRegex", itemPath, false);
            String issuer = string(item, "issuer", itemPath, true);
            if ((san == null) == (sanRegex == null) && !item.fields().containsKey("san")
                    == !item.fields().containsKey("sanRegex")) {
                error(item.location(), itemPath, "an identity needs exactly one of 'san' (exact) or 'sanRegex'",
                        List.of("san", "sanRegex"));
                continue;
            }
            if (sanRegex != null && !validRegex(sanRegex, valueLocation(item, "sanRegex"), itemPath + ".sanRegex")) {
                continue;
            }
            if (issuer != null && (san != null || sanRegex != null)) {
                identities.add(new IdentityRule(san, sanRegex, issuer));
            }
        }
        List<ManagedKey> keys = new ArrayList<>();
        List<MapNode> keyMaps = mapList(section, "keys", path + ".keys");
        for (int i = 0; i < keyMaps.size(); i++) {
            MapNode item = keyMaps.get(i);
            String itemPath = path + ".keys[" + i + "]";
            allowKeys(item, itemPath, List.of("keyId", "publicKey", "sha256"));
            String keyId = string(item, "keyId", itemPath, true);
            Path key = path(item, "publicKey", itemPath);
            String pin = pin(item, itemPath, key, "a managed key", ManagedKeys::sha256Of);
            if (keyId != null && key != null && pin != null) {
                ManagedKey managed = ManagedKeys.read(keyId, key, pin);
                if (checkFiles && managed.state() != TrustedRoot.State.PINNED) {
                    // Applying a policy file (CLI, policy check): a key that does not match its pin is refused.
                    error(valueLocation(item, "sha256"), itemPath + ".sha256", managed.problem());
                }
                keys.add(managed);
            }
        }
        if (identityMaps.isEmpty() && keyMaps.isEmpty()) {
            error(section.location(), path, "a signature rule needs 'identities' or 'keys'; without them no "
                    + "signer could ever be accepted", List.of("identities", "keys"));
            return null;
        }
        if (!identityMaps.isEmpty() && rootNames.isEmpty()) {
            if (section.fields().containsKey("trustedRoots")) {
                error(valueLocation(section, "trustedRoots"), path + ".trustedRoots", "keyless identities need at "
                        + "least one trusted root", List.copyOf(roots.keySet()));
            } else if (roots.isEmpty()) {
                error(section.location(), path + ".trustedRoots", "keyless identities need a trusted root: define "
                        + "top-level trustedRoots");
            }
        }
        if (identities.size() != identityMaps.size() || keys.size() != keyMaps.size() || mode == null) {
            return null;
        }
        return new SignatureRule(mode, selected, identities, keys);
    }

    @CheckForNull
    private ProvenanceRule provenance(MapNode env, String path) {
        MapNode section = section(env, "provenance", path, List.of("enabled", "mode", "builderIds",
                "sourceRepositories", "refs"));
        if (section == null) {
            return null;
        }
        RuleMode mode = mode(section, path);
        GlobSet builders = globs(section, "builderIds", path, false);
        GlobSet repositories = globs(section, "sourceRepositories", path, true);
        GlobSet refs = globs(section, "refs", path, false);
        if (builders == null || repositories == null || refs == null || mode == null) {
            return null;
        }
        if (builders.isEmpty() && repositories.isEmpty() && refs.isEmpty()) {
            error(section.location(), path, "a provenance rule needs builderIds, sourceRepositories or refs",
                    List.of("builderIds", "sourceRepositories", "refs"));
            return null;
        }
        return new ProvenanceRule(mode, builders, repositories, refs);
    }

    @CheckForNull
    private Allowlist allowlist(MapNode env, String path) {
        MapNode section = section(env, "allowlist", path, List.of("enabled", "mode", "jobs", "repositories",
                "artifacts"));
        if (section == null) {
            return null;
        }
        RuleMode mode = mode(section, path);
        GlobSet jobs = globs(section, "jobs", path, false);
        GlobSet repositories = globs(section, "repositories", path, true);
        GlobSet artifacts = globs(section, "artifacts", path, false);
        if (jobs == null || repositories == null || artifacts == null || mode == null) {
            return null;
        }
        if (jobs.isEmpty() && repositories.isEmpty() && artifacts.isEmpty()) {
            error(section.location(), path, "an allowlist needs jobs, repositories or artifacts",
                    List.of("jobs", "repositories", "artifacts"));
            return null;
        }
        return new Allowlist(mode, jobs, repositories, artifacts);
    }

    @CheckForNull
    private WindowRule windows(MapNode env, String path) {
        MapNode section = section(env, "windows", path, List.of("enabled", "mode", "timeZone", "weekly"));
        if (section == null) {
            return null;
        }
        RuleMode mode = mode(section, path);
        ZoneId defaultZone = zone(section, "timeZone", path, null);
        List<MapNode> items = mapList(section, "weekly", path + ".weekly");
        if (items.isEmpty()) {
            error(section.location(), path + ".weekly", "at least one weekly window is required; without one the "
                    + "environment can never open");
            return null;
        }
        List<ChangeWindow> windows = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            MapNode item = items.get(i);
            String itemPath = path + ".weekly[" + i + "]";
            allowKeys(item, itemPath, List.of("days", "start", "end", "timeZone"));
            Set<DayOfWeek> days = days(item, itemPath);
            Integer start = time(item, "start", itemPath, false);
            Integer end = time(item, "end", itemPath, true);
            ZoneId zone = zone(item, "timeZone", itemPath, defaultZone);
            if (zone == null && !item.fields().containsKey("timeZone") && defaultZone == null) {
                error(item.location(), itemPath + ".timeZone", "missing required key 'timeZone' (here or on the "
                        + "windows section)");
            }
            if (days == null || start == null || end == null || zone == null) {
                continue;
            }
            try {
                windows.add(new ChangeWindow(days, start, end, zone));
            } catch (IllegalArgumentException e) {
                error(item.location(), itemPath, e.getMessage());
            }
        }
        if (windows.size() != items.size() || mode == null) {
            return null;
        }
        return new WindowRule(mode, new WindowCalendar(windows));
    }

    @CheckForNull
    private FreezeRule freezes(MapNode env, String path) {
        MapNode section = section(env, "freezes", path, List.of("enabled", "mode", "timeZone", "periods",
                "exception"));
        if (section == null) {
            return null;
        }
        RuleMode mode = mode(section, path);
        ZoneId defaultZone = zone(section, "timeZone", path, null);
        List<MapNode> items = mapList(section, "periods", path + ".periods");
        if (items.isEmpty()) {
            error(section.location(), path + ".periods", "at least one freeze period is required");
        }
        List<Freeze> freezes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            MapNode item = items.get(i);
            String itemPath = path + ".periods[" + i + "]";
            allowKeys(item, itemPath, List.of("from", "to", "timeZone", "reason"));
            LocalDateTime from = dateTime(item, "from", itemPath);
            LocalDateTime to = dateTime(item, "to", itemPath);
            ZoneId zone = zone(item, "timeZone", itemPath, defaultZone);
            String reason = string(item, "reason", itemPath, true);
            if (zone == null && !item.fields().containsKey("timeZone") && defaultZone == null) {
                error(item.location(), itemPath + ".timeZone", "missing required key 'timeZone' (here or on the "
                        + "freezes section)");
            }
            if (from == null || to == null || zone == null || reason == null) {
                continue;
            }
            try {
                freezes.add(new Freeze(from, to, zone, reason));
            } catch (IllegalArgumentException e) {
                error(item.location(), itemPath, e.getMessage());
            }
        }
        ApprovalRequirement exception = approvals(section, "exception", path + ".exception", false);
        if (freezes.size() != items.size() || items.isEmpty() || mode == null) {
            return null;
        }
        return new FreezeRule(mode, new FreezeCalendar(freezes), exception);
    }

    @CheckForNull
    private OrderRule order(MapNode env, String path, int position, Map<String, Integer> positions) {
        MapNode section = section(env, "order", path, List.of("enabled", "mode", "after", "soakMinutes"));
        if (section == null) {
            return null;
        }
        RuleMode mode = mode(section, path);
        int soak = integer(section, "soakMinutes", path, 0, 365 * 24 * 60, 0);
        String after = string(section, "after", path, false);
        List<String> earlier = positions.entrySet().stream().filter(entry -> entry.getValue() < position)
                .map(Map.Entry::getKey).toList();
        if (after == null && !section.fields().containsKey("after")) {
            if (earlier.isEmpty()) {
                error(section.location(), path, "the first environment has no previous environment to come after; "
                        + "remove 'order' or set 'after'", List.of());
                return null;
            }
            after = earlier.get(earlier.size() - 1);
        } else if (after != null && !positions.containsKey(after)) {
            error(valueLocation(section, "after"), path + ".after", "environment '" + after + "' is not defined",
                    List.copyOf(positions.keySet()));
            return null;
        } else if (after != null && positions.get(after) >= position) {
            error(valueLocation(section, "after"), path + ".after", "environment '" + after + "' does not come "
                    + "before this one in promotion order", earlier);
            return null;
        }
        if (after == null || mode == null) {
            return null;
        }
        return new OrderRule(mode, after, Duration.ofMinutes(soak));
    }

    @CheckForNull
    private TestsRule tests(MapNode env, String path) {
        MapNode section = section(env, "tests", path, List.of("enabled", "mode", "required", "maxFailures",
                "minTotal"));
        if (section == null) {
            return null;
        }
        RuleMode mode = mode(section, path);
        boolean required = bool(section, "required", path, true);
        int maxFailures = integer(section, "maxFailures", path, 0, Integer.MAX_VALUE, 0);
        int minTotal = integer(section, "minTotal", path, 0, Integer.MAX_VALUE, 1);
        return mode == null ? null : new TestsRule(mode, required, maxFailures, minTotal);
    }

    @CheckForNull
    private RollbackPlanRule rollbackPlan(MapNode env, String path) {
        MapNode section = section(env, "rollbackPlan", path, List.of("enabled", "mode", "required"));
        if (section == null) {
            return null;
        }
        RuleMode mode = mode(section, path);
        boolean required = bool(section, "required", path, true);
        return mode == null || !required ? null : new RollbackPlanRule(mode);
    }

    @CheckForNull
    private EscalationRule escalation(MapNode env, String path) {
        MapNode section = section(env, "escalation", path, List.of("enabled", "mode", "sensitivePaths",
                "provenanceSourceMustMatchJobRepository"));
        if (section == null) {
            return null;
        }
        RuleMode mode = mode(section, path);
        GlobSet paths = globs(section, "sensitivePaths", path, false);
        boolean sourceMustMatch = bool(section, "provenanceSourceMustMatchJobRepository", path, false);
        if (paths == null || mode == null) {
            return null;
        }
        if (paths.isEmpty() && !sourceMustMatch) {
            error(section.location(), path, "an escalation rule needs sensitivePaths or "
                    + "provenanceSourceMustMatchJobRepository: true", List.of("sensitivePaths",
                    "provenanceSourceMustMatchJobRepository"));
            return null;
        }
        return new EscalationRule(mode, paths, sourceMustMatch);
    }

    @CheckForNull
    private ApprovalRequirement approvals(MapNode parent, String key, String path, boolean withEnabled) {
        List<String> keys = new ArrayList<>(List.of(key.equals("exception") ? "approvals" : "required", "groups",
                "distinctGroups", "timeoutMinutes"));
        if (withEnabled) {
            keys.add(0, "enabled");
            keys.add(UNKNOWN_COMMIT_AUTHORS);
        }
        MapNode section = withEnabled ? section(parent, key, path, keys) : optionalMap(parent, key, path);
        if (section == null) {
            return null;
        }
        if (!withEnabled) {
            allowKeys(section, path, keys);
        }
        String countKey = keys.contains("approvals") ? "approvals" : "required";
        Integer required = requiredInteger(section, countKey, path, 1, 100);
        List<Item> groups = items(section, "groups", path);
        boolean distinct = bool(section, "distinctGroups", path, false);
        int timeout = integer(section, "timeoutMinutes", path, 1, 30 * 24 * 60, 24 * 60);
        if (groups.isEmpty()) {
            error(section.location(), path + ".groups", "at least one approver group is required");
            return null;
        }
        if (required == null) {
            return null;
        }
        try {
            return new ApprovalRequirement(required, values(groups), distinct, Duration.ofMinutes(timeout));
        } catch (IllegalArgumentException e) {
            error(section.location(), path, e.getMessage());
            return null;
        }
    }

    // ---- typed values ----

    @CheckForNull
    private GlobSet globs(MapNode section, String key, String path, boolean repositories) {
        List<Glob> globs = new ArrayList<>();
        boolean ok = true;
        for (Item item : items(section, key, path)) {
            String text = repositories ? RepositoryNames.normalize(item.value()) : item.value();
            try {
                globs.add(Glob.compile(text));
            } catch (IllegalArgumentException e) {
                error(item.location(), item.path(), "bad glob '" + item.value() + "': " + e.getMessage());
                ok = false;
            }
        }
        return ok ? GlobSet.of(globs) : null;
    }

    private boolean validRegex(String regex, Location location, String path) {
        try {
            Pattern.compile(regex);
            return true;
        } catch (PatternSyntaxException e) {
            error(location, path, "bad regular expression '" + regex + "': " + e.getDescription()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
            return false;
        }
    }

    @CheckForNull
    private Set<DayOfWeek> days(MapNode item, String path) {
        List<Item> tokens = items(item, "days", path);
        if (tokens.isEmpty()) {
            if (item.fields().containsKey("days")) {
                error(valueLocation(item, "days"), path + ".days", "no days listed, so the window can never open");
            } else {
                error(item.location(), path + ".days", "missing required key 'days'");
            }
            return null;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        boolean ok = true;
        for (Item token : tokens) {
            String text = token.value().trim().toUpperCase(Locale.ROOT);
            int dash = text.indexOf('-');
            DayOfWeek from = DAY_NAMES.get(dash < 0 ? text : text.substring(0, dash).trim());
            DayOfWeek to = dash < 0 ? from : DAY_NAMES.get(text.substring(dash + 1).trim());
            if (from == null || to == null) {
                error(token.location(), token.path(), "unknown day '" + token.value() + "': expected MON..SUN, a full "
                        + "day name or a range such as MON-FRI", List.of("MON", "TUE", "WED", "THU", "FRI", "SAT",
                        "SUN"));
                ok = false;
                continue;
            }
            // A range may wrap around the weekend, e.g. FRI-MON.
            for (DayOfWeek day = from; ; day = day.plus(1)) {
                days.add(day);
                if (day == to) {
                    break;
                }
            }
        }
        return ok ? days : null;
    }

    @CheckForNull
    private Integer time(MapNode item, String key, String path, boolean end) {
        Field field = item.fields().get(key);
        if (field == null) {
            error(item.location(), path + "." + key, "missing required key '" + key + "'");
            return null;
        }
        if (!(field.value() instanceof Scalar scalar) || scalar.kind() == Scalar.Kind.NULL) {
            error(field.value().location(), path + "." + key, "expected a time HH:MM, got "
                    + field.value().describe());
            return null;
        }
        String text = scalar.text().trim();
        if (!TIME.matcher(text).matches() || (!end && "24:00".equals(text))) {
            error(scalar.location(), path + "." + key, "expected a time HH:MM (00:00 to 23:59" + (end ? ", or 24:00"
                    : "") + "), got '" + text + "'");
            return null;
        }
        int minute = Integer.parseInt(text.substring(0, 2)) * 60 + Integer.parseInt(text.substring(3, 5));
        return end && minute == 0 ? 1440 : minute;
    }

    @CheckForNull
    private LocalDateTime dateTime(MapNode item, String key, String path) {
        String text = string(item, key, path, true);
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.trim().replaceFirst(" ", "T"));
        } catch (DateTimeParseException e) {
            error(valueLocation(item, key), path + "." + key, "expected a local date-time such as "
                    + "2026-12-20T18:00, got '" + text + "'");
            return null;
        }
    }

    @CheckForNull
    private ZoneId zone(MapNode item, String key, String path, @CheckForNull ZoneId fallback) {
        String text = string(item, key, path, false);
        if (text == null) {
            return fallback;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            error(valueLocation(item, key), path + "." + key, "unknown time zone '" + text + "': expected an IANA "
                    + "zone id such as Europe/Berlin, America/New_York or UTC");
            return null;
        }
    }

    @CheckForNull
    private Path path(MapNode item, String key, String path) {
        String text = string(item, key, path, true);
        if (text == null) {
            return null;
        }
        Path resolved;
        try {
            resolved = base.resolve(text).normalize();
        } catch (InvalidPathException e) {
            error(valueLocation(item, key), path + "." + key, "not a valid path '" + text + "': " + e.getReason());
            return null;
        }
        if (checkFiles && !Files.isRegularFile(resolved)) {
            error(valueLocation(item, key), path + "." + key, "file not found: " + resolved
                    + " (relative paths resolve against the policy file's directory)");
            return null;
        }
        return resolved;
    }

    @CheckForNull
    private RuleMode mode(MapNode section, String path) {
        String mode = choice(section, "mode", path, MODES, "enforce");
        return mode == null ? null : RuleMode.valueOf(mode.toUpperCase(Locale.ROOT));
    }

    /**
     * The section if present and enabled; keys are checked either way, so a disabled section with a typo is
     * still an error.
     */
    @CheckForNull
    private MapNode section(MapNode parent, String key, String path, List<String> keys) {
        MapNode section = optionalMap(parent, key, path);
        if (section == null) {
            return null;
        }
        allowKeys(section, path, keys);
        return bool(section, "enabled", path, true) ? section : null;
    }

    @CheckForNull
    private String choice(MapNode map, String key, String path, List<String> allowed,
            @CheckForNull String defaultValue) {
        String value = string(map, key, path, defaultValue == null);
        if (value == null) {
            return map.fields().containsKey(key) ? null : defaultValue;
        }
        if (!allowed.contains(value)) {
            error(valueLocation(map, key), path + "." + key, "unknown value '" + value + "' for " + key
                    + ": expected one of " + allowed, allowed);
            return null;
        }
        return value;
    }

    @CheckForNull
    private String string(MapNode map, String key, String path, boolean required) {
        Field field = map.fields().get(key);
        String fieldPath = path.isEmpty() ? key : path + "." + key;
        if (field == null) {
            if (required) {
                error(map.location(), fieldPath, "missing required key '" + key + "'");
            }
            return null;
        }
        if (field.value() instanceof Scalar scalar && scalar.kind() == Scalar.Kind.STRING) {
            if (scalar.text().isBlank()) {
                error(scalar.location(), fieldPath, "must not be empty");
                return null;
            }
            if (!MULTI_LINE_KEYS.contains(key) && !singleLine(scalar, fieldPath)) {
                return null;
            }
            return scalar.text();
        }
        error(field.value().location(), fieldPath, "expected a string, got " + field.value().describe());
        return null;
    }

    private int integer(MapNode map, String key, String path, int min, int max, int defaultValue) {
        if (!map.fields().containsKey(key)) {
            return defaultValue;
        }
        Integer value = requiredInteger(map, key, path, min, max);
        return value == null ? defaultValue : value;
    }

    @CheckForNull
    private Integer requiredInteger(MapNode map, String key, String path, int min, int max) {
        Field field = map.fields().get(key);
        String fieldPath = path + "." + key;
        if (field == null) {
            error(map.location(), fieldPath, "missing required key '" + key + "'");
            return null;
        }
        if (!(field.value() instanceof Scalar scalar) || scalar.kind() != Scalar.Kind.INTEGER) {
            error(field.value().location(), fieldPath, "expected a whole number, got " + field.value().describe());
            return null;
        }
        long value;
        try {
            value = Long.parseLong(scalar.text());
        } catch (NumberFormatException e) {
            value = Long.MAX_VALUE;
        }
        if (value < min || value > max) {
            error(scalar.location(), fieldPath, "expected a number from " + min + " to " + max + ", got "
                    + scalar.text());
            return null;
        }
        return (int) value;
    }

    private boolean bool(MapNode map, String key, String path, boolean defaultValue) {
        Field field = map.fields().get(key);
        if (field == null) {
            return defaultValue;
        }
        if (field.value() instanceof Scalar scalar && scalar.kind() == Scalar.Kind.BOOLEAN) {
            return Boolean.parseBoolean(scalar.text());
        }
        error(field.value().location(), path + "." + key, "expected true or false, got "
                + field.value().describe(), List.of("true", "false"));
        return defaultValue;
    }

    /** A list of strings; each item keeps its location for errors about that item. */
    private List<Item> items(MapNode map, String key, String path) {
        Field field = map.fields().get(key);
        String fieldPath = path.isEmpty() ? key : path + "." + key;
        if (field == null) {
            return List.of();
        }
        ListNode list = list(field.value(), fieldPath);
        if (list == null) {
            return List.of();
        }
        List<Item> items = new ArrayList<>(list.items().size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.items().size(); i++) {
            PolicyNode node = list.items().get(i);
            String itemPath = fieldPath + "[" + i + "]";
            if (node instanceof Scalar scalar && scalar.kind() == Scalar.Kind.STRING && !scalar.text().isBlank()) {
                if (singleLine(scalar, itemPath) && seen.add(scalar.text())) {
                    items.add(new Item(scalar.text(), scalar.location(), itemPath));
                }
            } else {
                error(node.location(), itemPath, "expected a non-empty string, got " + node.describe());
            }
        }
        return items;
    }

    /**
     * Names, groups, jobs, SANs and issuers are one line: the tree parser already refused invisible characters, and
     * a line break or tab in them is refused here, with the code point named.
     */
    private boolean singleLine(Scalar scalar, String path) {
        int index = Identifiers.forbiddenCodePoint(scalar.text(), false);
        if (index < 0) {
            return true;
        }
        error(scalar.location(), path, "contains " + Identifiers.describeCodePointAt(scalar.text(), index)
                + " at index " + index + "; only descriptions, reasons and public keys may span lines");
        return false;
    }

    private List<MapNode> mapList(MapNode map, String key, String path) {
        Field field = map.fields().get(key);
        if (field == null) {
            return List.of();
        }
        ListNode list = list(field.value(), path);
        if (list == null) {
            return List.of();
        }
        List<MapNode> maps = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            MapNode item = map(list.items().get(i), path + "[" + i + "]");
            if (item != null) {
                maps.add(item);
            }
        }
        return maps;
    }

    @CheckForNull
    private MapNode optionalMap(MapNode parent, String key, String path) {
        Field field = parent.fields().get(key);
        return field == null ? null : map(field.value(), path);
    }

    @CheckForNull
    private MapNode map(PolicyNode node, String path) {
        if (node instanceof MapNode map) {
            return map;
        }
        error(node.location(), path, "expected a map (key: value), got " + node.describe());
        return null;
    }

    @CheckForNull
    private ListNode list(PolicyNode node, String path) {
        if (node instanceof ListNode list) {
            return list;
        }
        error(node.location(), path, "expected a list, got " + node.describe());
        return null;
    }

    private void allowKeys(MapNode map, String path, List<String> allowed) {
        for (Field field : map.fields().values()) {
            if (!allowed.contains(field.key())) {
                String fieldPath = path.isEmpty() ? field.key() : path + "." + field.key();
                error(field.keyLocation(), fieldPath, "unknown key '" + field.key() + "'" + suggestion(field.key(),
                        allowed), allowed);
            }
        }
    }

    private static String suggestion(String key, List<String> allowed) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : allowed) {
            int distance = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** Levenshtein distance, for "did you mean" on short keys. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private Location valueLocation(MapNode map, String key) {
        Field field = map.fields().get(key);
        return field == null ? map.location() : field.value().location();
    }

    private void error(Location location, String path, String message) {
        error(location, path, message, List.of());
    }

    private void error(Location location, String path, String message, List<String> allowed) {
        errors.add(new PolicyError(location, path, message, allowed));
    }

    private static Set<String> values(List<Item> items) {
        Set<String> values = new LinkedHashSet<>();
        items.forEach(item -> values.add(item.value()));
        return values;
    }

    /** A problem with the key, or null when it is a usable public key of that algorithm. */
    @CheckForNull
    private static String checkPublicKey(String algorithm, String text) {
        String trimmed = text.trim();
        try {
            if (trimmed.startsWith("{")) {
                JWK jwk = JWK.parse(trimmed);
                if (jwk.isPrivate()) {
                    return "the JWK contains a private key; configure only the broker's public key";
                }
                boolean fits = "ES256".equals(algorithm)
                        ? jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())
                        : jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve());
                return fits ? null : "the JWK is not a " + expectedKey(algorithm) + " key";
            }
            if (trimmed.contains("PRIVATE KEY")) {
                return "the PEM contains a private key; configure only the broker's public key";
            }
            if (!trimmed.startsWith("-----BEGIN PUBLIC KEY-----") || !trimmed.endsWith("-----END PUBLIC KEY-----")) {
                return "expected a JWK (JSON) or a PEM public key (-----BEGIN PUBLIC KEY-----)";
            }
            String body = trimmed.substring("-----BEGIN PUBLIC KEY-----".length(),
                    trimmed.length() - "-----END PUBLIC KEY-----".length()).replaceAll("\\s", "");
            X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(body));
            PublicKey key = KeyFactory.getInstance("ES256".equals(algorithm) ? "EC" : "Ed25519").generatePublic(spec);
            if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() != 256) {
                return "the PEM key is not a " + expectedKey(algorithm) + " key";
            }
            return null;
        } catch (ParseException e) {
            return "not a valid JWK: " + e.getMessage();
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            return "the PEM key is not a valid " + expectedKey(algorithm) + " public key";
        }
    }

    private static String expectedKey(String algorithm) {
        return "ES256".equals(algorithm) ? "P-256 EC" : "Ed25519";
    }

    private static Map<String, DayOfWeek> dayNames() {
        Map<String, DayOfWeek> names = new HashMap<>();
        Arrays.stream(DayOfWeek.values()).forEach(day -> {
            names.put(day.name(), day);
            names.put(day.name().substring(0, 3), day);
        });
        return Map.copyOf(names);
    }

    /** A string from a list, with where it was. */
    private record Item(String value, Location location, String path) {
    }
}
