package io.jenkins.plugins.promotiongates.config;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.PostgresAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.PostgresSettings;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyError;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyValidationException;
import io.jenkins.plugins.promotiongates.engine.service.DefaultPromotionService;
import io.jenkins.plugins.promotiongates.engine.service.PolicyProvider;
import io.jenkins.plugins.promotiongates.engine.service.PolicyUnavailableException;
import io.jenkins.plugins.promotiongates.engine.service.PromotionService;
import io.jenkins.plugins.promotiongates.util.ApproverRealm;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Connects the global configuration to the engine: the engine's loader validates policies, and the engine's
 * {@link DefaultPromotionService} over the configured store makes every decision. The only place in the plugin that
 * builds engine internals (the architecture test allows the {@code config} package alone).
 *
 * <p>Layout under {@code JENKINS_HOME/promotion-gates/}: {@code store/} (the embedded audit store) and
 * {@code trusted-roots/configured.json} (the trusted root pasted on the configuration page). Relative paths in the
 * policy ({@code trustedRoots[].path}, managed keys) resolve against {@code JENKINS_HOME/promotion-gates/}.
 */
@Restricted(NoExternalUse.class)
final class EngineWiring {
    private static final Logger LOGGER = Logger.getLogger(EngineWiring.class.getName());
    static final String CONFIGURED_TRUSTED_ROOT = "trusted-roots/configured.json";

    private EngineWiring() {
    }

    static Path home(Supplier<File> jenkinsHome) {
        return jenkinsHome.get().toPath().resolve("promotion-gates");
    }

    /** Policy validation by the engine's loader: every error with its location, nothing applied when any is found. */
    static PolicyCheck policyCheck(Supplier<File> jenkinsHome) {
        return (yaml, source) -> {
            try {
                PolicyLoader.parse(yaml, source, home(jenkinsHome));
                return List.of();
            } catch (PolicyValidationException e) {
                return e.errors().stream().map(PolicyError::toString).toList();
            }
        };
    }

    /** The engine services over the configured store; each one fails closed (every gate denies) when it cannot be built. */
    static ServiceFactory serviceFactory(Supplier<File> jenkinsHome) {
        return new EngineServices(jenkinsHome);
    }

    /**
     * Keeps the configured store open across rebuilds: a new service over the same store settings reuses the open
     * store (the embedded store is owned by one process through a file lock, so opening it twice fails); a store
     * that is no longer configured is closed once the configuration switched away from it.
     */
    static final class EngineServices implements ServiceFactory {
        private final Supplier<File> jenkinsHome;
        @CheckForNull
        private AuditStore store;
        @CheckForNull
        private StoreKey storeKey;
        private final List<AuditStore> unused = new java.util.ArrayList<>();
        /** Follows the store of the service built last; replaced with it. */
        @CheckForNull
        private io.jenkins.plugins.promotiongates.engine.notification.NotificationOutbox outbox;

        EngineServices(Supplier<File> jenkinsHome) {
            this.jenkinsHome = jenkinsHome;
        }

        @Override
        public synchronized PromotionService create(ServiceSettings settings) {
            Path home = home(jenkinsHome);
            try {
                writeTrustedRoot(home, settings.trustedRoot());
                AuditStore current = store(home, settings);
                Policy policy = settings.policyYaml() == null ? null
                        : PolicyLoader.parse(settings.policyYaml(), "global policy", home);
                if (policy != null) {
                    current.recordPolicy(policy.hash(), settings.policyYaml(), "jenkins-configuration");
                    // Read (and pinned) just now: every gate needing such a root denies TRUST_ROOT_PIN_MISMATCH.
                    policy.trustedRootProblems().forEach(problem -> LOGGER.warning("Promotion Gates: " + problem
                            + "; every gate that needs this root denies"));
                }
                PolicyProvider provider = () -> {
                    if (policy == null) {
                        throw new PolicyUnavailableException("no policy has been applied in Manage Jenkins » Promotion Gates");
                    }
                    return policy;
                };
                // Every counted vote is judged again at the quorum, as the realm and the job's permissions say then;
                // the same judgement decides who hears that an approval waits.
                JenkinsApproverDirectory approvers = new JenkinsApproverDirectory(ApproverRealm.JENKINS);
                outbox = policy == null ? null
                        : JenkinsNotifications.outbox(current, provider, approvers, Clock.systemUTC());
                return new DefaultPromotionService(provider, current, Clock.systemUTC(), approvers);
            } catch (IOException | PolicyValidationException | RuntimeException e) {
                LOGGER.log(Level.WARNING, "Promotion Gates cannot start its engine; every gate denies", e);
                return new UnwiredPromotionService();
            }
        }

        /** The open store if its settings did not change; otherwise a new one (the old one is closed later). */
        private AuditStore store(Path home, ServiceSettings settings) {
            StoreKey key = StoreKey.of(settings);
            if (store != null && key.equals(storeKey)) {
                return store;
            }
            AuditStore opened = openStore(home, settings, key);
            if (store != null) {
                unused.add(store);
            }
            store = opened;
            storeKey = key;
            return opened;
        }

        /**
         * One outbox pass, outside this factory's lock: a slow mail server delays notifications only, never a
         * configuration save or a new service. A store or policy that cannot answer ends the pass (retried next time).
         */
        @Override
        public void deliverNotifications() {
            io.jenkins.plugins.promotiongates.engine.notification.NotificationOutbox current;
            synchronized (this) {
                current = outbox;
            }
            if (current == null) {
                return;
            }
            try {
                current.deliverDue();
            } catch (RuntimeException e) {
                LOGGER.log(Level.FINE, "Promotion Gates could not deliver notifications this time", e);
            }
        }

        @Override
        public synchronized void releaseUnused() {
            unused.forEach(EngineServices::closeQuietly);
            unused.clear();
        }

        @Override
        public synchronized void close() {
            outbox = null;
            releaseUnused();
            if (store != null) {
                closeQuietly(store);
                store = null;
                storeKey = null;
            }
        }

        private static void closeQuietly(AuditStore store) {
            try {
                store.close();
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "Promotion Gates could not close its audit store cleanly", e);
            }
        }
    }

    /** What identifies an open store: its URL and the account it logs in with (the password only as a hash, in memory). */
    private record StoreKey(String url, String user, int passwordHash) {
        static StoreKey of(ServiceSettings settings) {
            if (settings.storeUrl().isBlank()) {
                return new StoreKey("", "", 0);
            }
            StandardUsernamePasswordCredentials credentials = storeCredentials(settings.storeCredentialsId());
            return credentials == null ? new StoreKey(settings.storeUrl(), "postgres", 0)
                    : new StoreKey(settings.storeUrl(), credentials.getUsername(),
                            credentials.getPassword().getPlainText().hashCode());
        }
    }

    private static void writeTrustedRoot(Path home, String trustedRoot) throws IOException {
        if (trustedRoot.isBlank()) {
            return;
        }
        Path file = home.resolve(CONFIGURED_TRUSTED_ROOT);
        Files.createDirectories(file.getParent());
        Files.writeString(file, trustedRoot, StandardCharsets.UTF_8);
    }

    private static AuditStore openStore(Path home, ServiceSettings settings, StoreKey key) {
        if (settings.storeUrl().isBlank()) {
            return new FileAuditStore(home.resolve("store"), Clock.systemUTC());
        }
        StandardUsernamePasswordCredentials credentials = storeCredentials(settings.storeCredentialsId());
        String user = key.user();
        String password = credentials == null ? null : credentials.getPassword().getPlainText();
        return PostgresAuditStore.open(PostgresSettings.of(settings.storeUrl(), user, password), Clock.systemUTC());
    }

    @CheckForNull
    private static StandardUsernamePasswordCredentials storeCredentials(String credentialsId) {
        if (credentialsId.isBlank()) {
            return null;
        }
        return CredentialsProvider.lookupCredentials(StandardUsernamePasswordCredentials.class).stream()
                .filter(c -> credentialsId.equals(c.getId())).findFirst()
                .orElseThrow(() -> new IllegalStateException("store credentials '" + credentialsId
                        + "' not found (a global username/password credential is expected)"));
    }
}
