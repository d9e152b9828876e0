package io.jenkins.plugins.promotiongates.util;

import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A JSON answer served as {@code application/json;charset=UTF-8} (Stapler's {@code HttpResponses.text} would answer
 * {@code text/plain}, which JSON clients and content sniffing protections treat as text).
 *
 * @param status the HTTP status
 * @param json   the document, already encoded
 */
@Restricted(NoExternalUse.class)
public record JsonResponse(int status, String json) implements HttpResponse {
    public static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    public static JsonResponse ok(String json) {
        return new JsonResponse(200, json);
    }

    @Override
    public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException {
        rsp.setStatus(status);
        rsp.setContentType(CONTENT_TYPE);
        rsp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        PrintWriter writer = rsp.getWriter();
        writer.write(json);
        writer.flush();
    }
}
