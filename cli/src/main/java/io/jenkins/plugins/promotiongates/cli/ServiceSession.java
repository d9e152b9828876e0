package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.approval.ApproverDirectory;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.PolicyVersion;
import io.jenkins.plugins.promotiongates.engine.audit.StoreBusyException;
import io.jenkins.plugins.promotiongates.engine.audit.StoreUnavailableException;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyValidationException;
import io.jenkins.plugins.promotiongates.engine.service.DefaultPromotionService;
import io.jenkins.plugins.promotiongates.engine.service.PolicyProvider;
import io.jenkins.plugins.promotiongates.engine.service.PolicyUnavailableException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A store plus the engine service over it, for one command. With {@code --policy}, that file becomes the policy in
 * force (recorded in the store as a policy change when it differs); without it, the policy recorded in the store
 * is used, as a controller sharing the store would.
 */
final class ServiceSession implements AutoCloseable {
    private final AuditStore store;
    private final DefaultPromotionService service;
    private final PolicyProvider policy;

    private ServiceSession(AuditStore store, DefaultPromotionService service, PolicyProvider policy) {
        this.store = store;
        this.service = service;
        this.policy = policy;
    }

    static ServiceSession open(CliContext context, StoreOptions storeOptions, Path policyFile) throws CliException {
        Policy policy = Policies.load(policyFile);
        AuditStore store = openStore(context, storeOptions);
        try {
            store.recordPolicy(policy.hash(), Files.readString(policyFile, StandardCharsets.UTF_8), context.user());
        } catch (IOException | RuntimeException e) {
            store.close();
            if (e instanceof StoreUnavailableException unavailable && isBusy(unavailable)) {
                throw new CliException(ExitCodes.BUSY, "store busy, retry: " + e.getMessage(), e);
            }
            throw new CliException(ExitCodes.USAGE, "cannot record the policy in the store: " + e.getMessage(), e);
        }
        PolicyProvider provider = PolicyProvider.fixed(policy);
        return new ServiceSession(store, new DefaultPromotionService(provider, store, context.clock()), provider);
    }

    /** A session that decides with the policy recorded in the store (approvals, deployments without --policy). */
    static ServiceSession openWithStoredPolicy(CliContext context, StoreOptions storeOptions) throws CliException {
        return openWithStoredPolicy(context, storeOptions, ApproverDirectory.asVoted());
    }

    /** As {@link #openWithStoredPolicy(CliContext, StoreOptions)}, judging counted votes by {@code directory}. */
    static ServiceSession openWithStoredPolicy(CliContext context, StoreOptions storeOptions,
            ApproverDirectory directory) throws CliException {
        AuditStore store = openStore(context, storeOptions);
        PolicyProvider provider = () -> {
            PolicyVersion version = store.currentPolicy().orElseThrow(() -> new PolicyUnavailableException(
                    "the store holds no policy yet; run a gate with --policy first"));
            try {
                return PolicyLoader.parse(version.content(), "policy " + version.hash(), Path.of("."));
            } catch (PolicyValidationException e) {
                throw new PolicyUnavailableException("the policy recorded in the store is invalid: " + e.getMessage(), e);
            }
        };
        return new ServiceSession(store, new DefaultPromotionService(provider, store, context.clock(), directory),
                provider);
    }

    static AuditStore openStore(CliContext context, StoreOptions storeOptions) throws CliException {
        try {
            return storeOptions.open(context.clock(), context.environment());
        } catch (StoreUnavailableException e) {
            if (isBusy(e)) {
                throw new CliException(ExitCodes.BUSY, "store busy, retry: " + e.getMessage(), e);
            }
            throw new CliException(ExitCodes.USAGE, "cannot open the store: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "cannot open the store: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the store refused because other writers held its writer lock for longer than this command waits
     * ({@code --store-wait}), as opposed to a store that cannot be used at all.
     */
    static boolean isBusy(StoreUnavailableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreBusyException) {
                return true;
            }
        }
        return false;
    }

    AuditStore store() {
        return store;
    }

    /**
     * The policy the service decides with.
     *
     * @throws PolicyUnavailableException when the store holds no valid policy
     */
    Policy policy() {
        return policy.current();
    }

    DefaultPromotionService service() {
        return service;
    }

    @Override
    public void close() {
        store.close();
    }
}
