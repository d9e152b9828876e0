package io.jenkins.plugins.promotiongates.config;

/**
 * Finds the runtime. Step executions and run actions keep one in a transient field: after a restart it is gone and
 * they fall back to the global configuration, which is what Jenkins' extension model provides.
 */
@FunctionalInterface
public interface RuntimeLocator {
    PromotionGatesRuntime get();

    /** The global configuration's runtime. */
    RuntimeLocator GLOBAL = () -> PromotionGatesConfiguration.get().runtime();

    /** The given locator, or {@link #GLOBAL} when it was lost in serialization. */
    static PromotionGatesRuntime resolve(@edu.umd.cs.findbugs.annotations.CheckForNull RuntimeLocator locator) {
        return (locator == null ? GLOBAL : locator).get();
    }
}
