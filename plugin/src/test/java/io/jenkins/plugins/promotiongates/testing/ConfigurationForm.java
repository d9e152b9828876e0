package io.jenkins.plugins.promotiongates.testing;

import org.kohsuke.stapler.DataBoundSetter;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;

/**
 * Submits a global configuration form the way Jenkins does: upstream {@code GlobalConfiguration.configure(req, json)}
 * (jenkinsci/jenkins {@code core/src/main/java/jenkins/model/GlobalConfiguration.java}) calls
 * {@code req.bindJSON(this, json)}, which (stapler {@code core/src/main/java/org/kohsuke/stapler/RequestImpl.java},
 * {@code bindJSON(Object bean, JSONObject src)}) calls the {@code @DataBoundSetter} of each submitted field on the
 * <em>same</em> instance; nothing is constructed anew and {@code configure} itself does not save. A JCasC reload does
 * the same (configuration-as-code {@code DescriptorConfigurator} configures the existing descriptor through its setters).
 */
public final class ConfigurationForm {
    private ConfigurationForm() {
    }

    /** Calls {@code set<Field>(value)} for each entry, in order, on {@code configuration}. */
    @SuppressWarnings("RethrowReflectiveOperationExceptionAsLinkageError") // a form that cannot bind fails the test
    public static void submit(Object configuration, Map<String, String> fields) {
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String setter = "set" + field.getKey().substring(0, 1).toUpperCase(Locale.ROOT) + field.getKey().substring(1);
            try {
                Method method = configuration.getClass().getMethod(setter, String.class);
                if (!method.isAnnotationPresent(DataBoundSetter.class)) {
                    throw new AssertionError(setter + " is not a @DataBoundSetter: the form could not bind it");
                }
                method.invoke(configuration, field.getValue());
            } catch (NoSuchMethodException | IllegalAccessException e) {
                throw new AssertionError("the form cannot bind '" + field.getKey() + "'", e);
            } catch (InvocationTargetException e) {
                throw new AssertionError("binding '" + field.getKey() + "' failed", e.getCause());
            }
        }
    }
}
