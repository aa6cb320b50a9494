package dev.metering.poolapi;

import dev.metering.core.id.Identifier;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, read through the configured claims ({@link IdentityClaims}): an account's owner (the
 * owner claim names the account), an admin (a role claim holds the admin role), an organization's admin
 * (a role {@code org-admin:{organization}}), or a gateway (the gateway role), which may ask for any
 * account's authorization decision and read the prices, nothing else. An admin may do whatever an owner
 * does; every change is recorded with the token's {@code sub}, so the history names who acted.
 */
@RequestScoped
public class Caller {

    public static final String ORGANIZATION_ADMIN = "org-admin:";

    @Inject
    JsonWebToken token;

    @Inject
    IdentityClaims identity;

    private Set<String> roles;

    private void requireToken() {
        if (token == null || token.getRawToken() == null) {
            throw ApiProblem.unauthorized("a valid bearer token is required");
        }
    }

    private Set<String> roles() {
        if (roles == null) {
            roles = identity.roles(token::getClaim);
        }
        return roles;
    }

    /**
     * Who acted, recorded beside every change: the token's subject (for a machine token, its client),
     * clipped as every id from outside is, so that no token can grow an item.
     */
    public String subject() {
        String subject = token.getSubject();
        return Identifier.clipped(subject != null ? subject : token.getName());
    }

    public boolean isAdmin() {
        return token != null && token.getRawToken() != null && roles().contains(identity.adminRole());
    }

    private boolean isGateway() {
        return roles().contains(identity.gatewayRole());
    }

    /** The account's owner or an admin; a token whose owner claim is no account id is told so. */
    public void requireOwnerOrAdmin(String accountId) {
        requireToken();
        if (!isAdmin()) {
            requireOwns(accountId, "this token may read and change only its own account");
        }
    }

    /** The owner, an admin, or a gateway deciding for any account. */
    public void requireGatewayOwnerOrAdmin(String accountId) {
        requireToken();
        if (!isGateway() && !isAdmin()) {
            requireOwns(accountId, "this token may ask only for its own account, unless it holds the " + identity.gatewayRole() + " role");
        }
    }

    private void requireOwns(String accountId, String otherwise) {
        IdentityClaims.Owner owner = identity.owner(token::getClaim);
        if (owner.accountId().isEmpty()) {
            throw ApiProblem.forbidden(owner.why());
        }
        if (!owner.owns(accountId)) {
            throw ApiProblem.forbidden(otherwise);
        }
    }

    /** An admin, or a gateway (which reads the prices it may want to estimate with). */
    public void requireGatewayOrAdmin() {
        requireToken();
        if (!isAdmin() && !isGateway()) {
            throw ApiProblem.forbidden("this needs the " + identity.adminRole() + " or the " + identity.gatewayRole() + " role");
        }
    }

    public void requireOrganizationAdmin(String organizationId) {
        requireToken();
        if (!isAdmin() && !roles().contains(ORGANIZATION_ADMIN + organizationId)) {
            throw ApiProblem.forbidden("this needs the " + identity.adminRole() + " or the " + ORGANIZATION_ADMIN + organizationId + " role");
        }
    }

    public void requireAdmin() {
        requireToken();
        if (!isAdmin()) {
            throw ApiProblem.forbidden("this needs the " + identity.adminRole() + " role");
        }
    }
}
