package dev.metering.poolapi;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The pool API: balances, ledger, usage and settings of metered accounts. */
@OpenAPIDefinition(
        info = @Info(title = "usage-metering pool API", version = "1",
                description = "Money is USD decimal strings with nine decimals. Errors are application/problem+json."),
        security = @SecurityRequirement(name = "bearer"),
        components = @Components(schemas = @Schema(name = "Problem", implementation = Views.ProblemView.class)))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class PoolApi extends Application {
}
