package com.cloudbees.plugins.credentials;

/** Stub of upstream {@code com.cloudbees.plugins.credentials.CredentialsProvider}: signatures only, see README.md. */
abstract public class CredentialsProvider extends hudson.model.Descriptor<com.cloudbees.plugins.credentials.CredentialsProvider> implements hudson.ExtensionPoint, hudson.model.Describable<com.cloudbees.plugins.credentials.CredentialsProvider>, org.jenkins.ui.icon.IconSpec {
    public static <C extends com.cloudbees.plugins.credentials.Credentials> C track(hudson.model.Run p0, C p1) {
        return null;
    }
    public static hudson.model.Fingerprint getFingerprintOf(com.cloudbees.plugins.credentials.Credentials p0) throws java.io.IOException {
        return null;
    }
    public static <C extends com.cloudbees.plugins.credentials.common.IdCredentials> C findCredentialById(String p0, Class<C> p1, hudson.model.Run<?, ?> p2) {
        return null;
    }
    public static Iterable<com.cloudbees.plugins.credentials.CredentialsStore> lookupStores(hudson.model.ModelObject p0) {
        return null;
    }

    // Hand-added (one overload only; the others need acegisecurity types): the global lookup of the store's credentials.
    public static <C extends com.cloudbees.plugins.credentials.Credentials> java.util.List<C> lookupCredentials(Class<C> p0) {
        return java.util.Collections.emptyList();
    }
}
