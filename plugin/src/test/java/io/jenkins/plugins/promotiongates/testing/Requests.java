package io.jenkins.plugins.promotiongates.testing;

import org.kohsuke.stapler.StaplerRequest2;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Stapler requests for handler tests: they answer only the method and parameters; anything else fails the test. */
public final class Requests {
    private Requests() {
    }

    public static StaplerRequest2 request(String method, Map<String, String> params) {
        return (StaplerRequest2) Proxy.newProxyInstance(Requests.class.getClassLoader(),
                new Class<?>[] {StaplerRequest2.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getParameter" -> params.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    public static StaplerRequest2 post(Map<String, String> params) {
        return request("POST", params);
    }
}
