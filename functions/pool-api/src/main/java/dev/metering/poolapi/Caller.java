package dev.metering.poolapi;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: the account owner ({@code sub}), an admin ({@code groups} holds metering-admin), an
 * organization's admin ({@code groups} holds org-admin:{organization}), or a gateway ({@code groups}
 * holds metering-gateway), which may ask for any account's authorization decision and nothing else.
 */
@RequestScoped
public class Caller {

    public static final String ADMIN = "metering-admin";
    public static final String ORGANIZATION_ADMIN = "org-admin:";
    public static final String GATEWAY = "metering-gateway";

    @Inject
    JsonWebToken token;

    private void requireToken() {
        if (token == null || token.getRawToken() == null) {
            throw ApiProblem.unauthorized("a valid bearer token is required");
        }
    }

    /** The token's subject, recorded beside every change it makes. */
    public String subject() {
        return token.getSubject();
    }

    public boolean isAdmin() {
        return token.getGroups() != null && token.getGroups().contains(ADMIN);
    }

    public void requireOwnerOrAdmin(String accountId) {
        requireToken();
        if (!isAdmin() && !accountId.equals(token.getSubject())) {
            throw ApiProblem.forbidden("this token may read only its own account");
        }
    }

    /** The owner, an admin, or a gateway deciding for any account ({@code groups} holds metering-gateway). */
    public void requireGatewayOwnerOrAdmin(String accountId) {
        requireToken();
        boolean gateway = token.getGroups() != null && token.getGroups().contains(GATEWAY);
        if (!gateway && !isAdmin() && !accountId.equals(token.getSubject())) {
            throw ApiProblem.forbidden("this token may ask only for its own account, unless it holds the " + GATEWAY + " group");
        }
    }

    /** An admin, or a gateway (which reads the prices it may want to estimate with). */
    public void requireGatewayOrAdmin() {
        requireToken();
        if (!isAdmin() && (token.getGroups() == null || !token.getGroups().contains(GATEWAY))) {
            throw ApiProblem.forbidden("this needs the " + ADMIN + " or the " + GATEWAY + " group");
        }
    }

    public void requireOwner(String accountId) {
        requireToken();
        if (!accountId.equals(token.getSubject())) {
            throw ApiProblem.forbidden("only the account's owner may do this");
        }
    }

    public void requireOrganizationAdmin(String organizationId) {
        requireToken();
        if (!isAdmin() && (token.getGroups() == null || !token.getGroups().contains(ORGANIZATION_ADMIN + organizationId))) {
            throw ApiProblem.forbidden("this needs the " + ADMIN + " or the " + ORGANIZATION_ADMIN + organizationId + " group");
        }
    }

    public void requireAdmin() {
        requireToken();
        if (!isAdmin()) {
            throw ApiProblem.forbidden("this needs the " + ADMIN + " group");
        }
    }
}
