package dev.metering.poolapi;

import dev.metering.core.id.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which claims of a token say who calls, as the deployment configures them (docs/identity.md): the
 * claim that holds an owner's account id ({@code METERING_OWNER_CLAIM}), the claims that hold roles
 * ({@code METERING_GROUPS_CLAIM}, each an array or a space-separated string such as {@code scope}),
 * and the names of the admin's and the gateway's roles. A configuration that cannot work (a blank
 * name, one role for both) stops the function at start rather than letting every request through
 * or none.
 */
@ApplicationScoped
public class IdentityClaims {

    private final String ownerClaim;
    private final List<String> groupsClaims;
    private final String adminRole;
    private final String gatewayRole;

    @Inject
    public IdentityClaims(@ConfigProperty(name = "metering.identity.owner-claim") String ownerClaim,
                          @ConfigProperty(name = "metering.identity.groups-claims") List<String> groupsClaims,
                          @ConfigProperty(name = "metering.identity.admin-role") String adminRole,
                          @ConfigProperty(name = "metering.identity.gateway-role") String gatewayRole) {
        this.ownerClaim = named("METERING_OWNER_CLAIM", ownerClaim);
        this.groupsClaims = groupsClaims.stream().map(c -> named("METERING_GROUPS_CLAIM", c)).distinct().toList();
        if (this.groupsClaims.isEmpty()) {
            throw new IllegalStateException("METERING_GROUPS_CLAIM names no claim");
        }
        this.adminRole = named("METERING_ADMIN_ROLE", adminRole);
        this.gatewayRole = named("METERING_GATEWAY_ROLE", gatewayRole);
        if (this.adminRole.equals(this.gatewayRole)) {
            throw new IllegalStateException("METERING_ADMIN_ROLE and METERING_GATEWAY_ROLE are both '" + adminRole
                    + "': a gateway would be an admin");
        }
    }

    private static String named(String setting, String value) {
        String name = value == null ? "" : value.strip();
        if (name.isEmpty()) {
            throw new IllegalStateException(setting + " is blank");
        }
        return name;
    }

    public String ownerClaim() {
        return ownerClaim;
    }

    public List<String> groupsClaims() {
        return groupsClaims;
    }

    public String adminRole() {
        return adminRole;
    }

    public String gatewayRole() {
        return gatewayRole;
    }

    /** Every role the token's role claims hold, whichever form each claim takes. */
    public Set<String> roles(Function<String, Object> claims) {
        Set<String> roles = new LinkedHashSet<>();
        for (String claim : groupsClaims) {
            addRoles(claims.apply(claim), roles);
        }
        return roles;
    }

    private static void addRoles(Object value, Set<String> roles) {
        if (value instanceof JsonArray array) {
            array.forEach(v -> addRoles(v, roles));
        } else if (value instanceof Collection<?> many) {
            many.forEach(v -> addRoles(v, roles));
        } else if (value instanceof JsonString text) {
            addRoles(text.getString(), roles);
        } else if (value instanceof String text) {
            // A space-separated list (OAuth's scope): one role is one word.
            for (String word : text.strip().split("\\s+")) {
                if (!word.isEmpty()) {
                    roles.add(word);
                }
            }
        }
    }

    /** The account the token's owner claim names, if it holds one. */
    public Owner owner(Function<String, Object> claims) {
        Object value = claims.apply(ownerClaim);
        if (value instanceof JsonString text) {
            value = text.getString();
        }
        if (value == null || value == JsonValue.NULL) {
            return new Owner(Optional.empty(), "the token has no '" + ownerClaim + "' claim, the one that names its account");
        }
        if (!(value instanceof String id)) {
            return new Owner(Optional.empty(), "the token's '" + ownerClaim + "' claim is not a text, so it names no account");
        }
        Optional<String> problem = Identifier.ACCOUNT.problem(id);
        if (problem.isPresent()) {
            return new Owner(Optional.empty(), "the token's '" + ownerClaim + "' claim is not a valid account id: "
                    + problem.get() + " (" + Identifier.ACCOUNT.rule() + ")");
        }
        return new Owner(Optional.of(id), null);
    }

    /** The account a token owns, or why it owns none. */
    public record Owner(Optional<String> accountId, String why) {

        boolean owns(String account) {
            return accountId.filter(account::equals).isPresent();
        }
    }
}
