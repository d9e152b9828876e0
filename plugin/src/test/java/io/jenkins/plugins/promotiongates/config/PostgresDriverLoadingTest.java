package io.jenkins.plugins.promotiongates.config;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PostgreSQL store must find its JDBC driver on Jenkins' threads. There the context class loader is core's
 * (core {@code hudson/util/ClassLoaderSanityThreadFactory.java} sets {@code Jenkins.class.getClassLoader()}), which
 * cannot see a plugin's jars, and {@code java.sql.DriverManager} only hands out drivers visible to the caller's loader
 * that were registered through the context loader's {@code ServiceLoader}. The plugin's jars are loaded here by their
 * own loader (as by Jenkins' {@code PluginFirstClassLoader2}/{@code UberClassLoader}), the thread's context loader
 * sees none of them, and the store is opened against a closed loopback port: the driver must be found, so the store
 * fails only where it tries to connect (the schema migration). Watched failing before the fix: "Failed to get driver instance ... No suitable driver".
 */
class PostgresDriverLoadingTest {
    @Test
    void shouldFindTheDriverWhenTheContextClassLoaderCannotSeeIt() throws Exception {
        List<URL> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator, -1)) {
            jars.add(new File(entry).toURI().toURL());
        }
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader plugin = new URLClassLoader(jars.toArray(URL[]::new), platform);
                URLClassLoader core = new URLClassLoader(new URL[0], platform)) {
            thread.setContextClassLoader(core);
            Class<?> settings = plugin.loadClass("io.jenkins.plugins.promotiongates.engine.audit.PostgresSettings");
            Object closedPort = settings.getConstructor(String.class, String.class, String.class, int.class, Duration.class)
                    .newInstance("jdbc:postgresql://127.0.0.1:1/audit", "postgres", "secret", 1, Duration.ofMillis(500));
            Class<?> store = plugin.loadClass("io.jenkins.plugins.promotiongates.engine.audit.PostgresAuditStore");
            Throwable failure = null;
            try {
                Object opened = store.getMethod("open", settings, Clock.class).invoke(null, closedPort, Clock.systemUTC());
                ((AutoCloseable) opened).close();
            } catch (InvocationTargetException e) {
                failure = e.getCause();
            }
            assertThat(failure).as("nothing listens on port 1").isNotNull();
            StringBuilder chain = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                chain.append(t).append('\n');
            }
            assertThat(chain.toString()).doesNotContain("No suitable driver").doesNotContain("Failed to get driver")
                    .contains("cannot migrate the schema");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
