package dev.metering.poolapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The configured claims read as identity providers write them: arrays, JSON arrays, space-separated scopes. */
class IdentityClaimsTest {

    private static final IdentityClaims OKTA = new IdentityClaims("uid", List.of("groups", "scp", "scope"), "billing-admins",
            "metering:gateway");

    private static IdentityClaims.Owner owner(IdentityClaims identity, Map<String, Object> claims) {
        return identity.owner(claims::get);
    }

    @Test
    void rolesComeFromEveryConfiguredClaimWhicheverFormItTakes() {
        Map<String, Object> claims = Map.of(
                "groups", Set.of("billing-admins", "staff"),
                "scp", Json.createArrayBuilder().add("metering:gateway").add("openid").build(),
                "scope", "profile  email\tmetering:read",
                "roles", List.of("not-read"));
        assertThat(OKTA.roles(claims::get)).containsExactlyInAnyOrder("billing-admins", "staff", "metering:gateway", "openid", "profile",
                "email", "metering:read");
    }

    @Test
    void aJsonStringClaimIsSplitLikeAPlainOne() {
        assertThat(OKTA.roles(Map.<String, Object>of("scope", Json.createValue("a b"))::get)).containsExactlyInAnyOrder("a", "b");
        assertThat(OKTA.roles(Map.<String, Object>of()::get)).isEmpty();
        assertThat(OKTA.roles(Map.<String, Object>of("scope", 42)::get)).as("a number holds no role").isEmpty();
    }

    @Test
    void theOwnerClaimNamesTheAccountOrSaysWhyNot() {
        assertThat(owner(OKTA, Map.of("uid", "acct_42", "sub", "00u1abc")).accountId()).contains("acct_42");
        assertThat(owner(OKTA, Map.of("uid", Json.createValue("acct_7"))).accountId()).contains("acct_7");
        IdentityClaims.Owner missing = owner(OKTA, Map.of("sub", "acct_42"));
        assertThat(missing.accountId()).isEmpty();
        assertThat(missing.why()).isEqualTo("the token has no 'uid' claim, the one that names its account");
        IdentityClaims.Owner invalid = owner(OKTA, Map.of("uid", "auth0|5f7c8ec7"));
        assertThat(invalid.accountId()).isEmpty();
        assertThat(invalid.why()).isEqualTo("the token's 'uid' claim is not a valid account id: characters outside [A-Za-z0-9._-] "
                + "(1-64 characters of [A-Za-z0-9._-])");
        assertThat(owner(OKTA, Map.of("uid", List.of("acct_1"))).why()).isEqualTo("the token's 'uid' claim is not a text, so it names no account");
        assertThat(owner(OKTA, Map.of("uid", "acct_42")).owns("acct_42")).isTrue();
        assertThat(owner(OKTA, Map.of("uid", "acct_42")).owns("acct_43")).isFalse();
    }

    @Test
    void aConfigurationThatCannotWorkStopsTheFunctionAtStart() {
        assertThatThrownBy(() -> new IdentityClaims(" ", List.of("groups"), "a", "g")).hasMessage("METERING_OWNER_CLAIM is blank");
        assertThatThrownBy(() -> new IdentityClaims("sub", List.of(), "a", "g")).hasMessage("METERING_GROUPS_CLAIM names no claim");
        assertThatThrownBy(() -> new IdentityClaims("sub", List.of("groups", ""), "a", "g")).hasMessage("METERING_GROUPS_CLAIM is blank");
        assertThatThrownBy(() -> new IdentityClaims("sub", List.of("groups"), "", "g")).hasMessage("METERING_ADMIN_ROLE is blank");
        assertThatThrownBy(() -> new IdentityClaims("sub", List.of("groups"), "ops", "ops"))
                .hasMessage("METERING_ADMIN_ROLE and METERING_GATEWAY_ROLE are both 'ops': a gateway would be an admin");
        IdentityClaims trimmed = new IdentityClaims(" uid ", List.of("groups", " groups"), " ops ", "gw");
        assertThat(trimmed.ownerClaim()).isEqualTo("uid");
        assertThat(trimmed.groupsClaims()).containsExactly("groups");
        assertThat(trimmed.adminRole()).isEqualTo("ops");
        assertThat(trimmed.gatewayRole()).isEqualTo("gw");
    }
}
