package dev.metering.poolapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The usage page, on the API's own origin (no CORS): loading it needs no token; the page asks for one
 * and calls the API with it. The chart library is served from its jar at /webjars/. Every answer
 * carries a content security policy that allows no inline script or style (hence the script and
 * styles are files of their own), no framing, nosniff and no referrer (application.properties).
 */
@Path("/dashboard")
@PermitAll
public class DashboardResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = read("dashboard/app.js");
    private static final String STYLE = read("dashboard/app.css");

    private final String page;

    /** The page tells its script which claims name the account and hold the roles, in a meta tag (no inline script). */
    @Inject
    public DashboardResource(IdentityClaims identity) {
        ObjectNode claims = JSON.createObjectNode().put("ownerClaim", identity.ownerClaim());
        identity.groupsClaims().forEach(claims.putArray("groupsClaims")::add);
        this.page = read("dashboard/index.html").replace("{{IDENTITY}}", htmlAttribute(claims.toString()));
    }

    private static String htmlAttribute(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @GET
    @Produces("text/html;charset=utf-8")
    @APIResponse(responseCode = "200", description = "the usage page",
            content = @Content(mediaType = "text/html", schema = @Schema(type = SchemaType.STRING)))
    public String page() {
        return page;
    }

    @GET
    @Path("/app.js")
    @Produces("text/javascript;charset=utf-8")
    @APIResponse(responseCode = "200", description = "the usage page's script",
            content = @Content(mediaType = "text/javascript", schema = @Schema(type = SchemaType.STRING)))
    public String script() {
        return SCRIPT;
    }

    @GET
    @Path("/app.css")
    @Produces("text/css;charset=utf-8")
    @APIResponse(responseCode = "200", description = "the usage page's styles",
            content = @Content(mediaType = "text/css", schema = @Schema(type = SchemaType.STRING)))
    public String style() {
        return STYLE;
    }

    private static String read(String resource) {
        try (InputStream in = DashboardResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource + " in the function's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
