package dev.tenancy.it.tenantapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.TenantApi;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tenant policy through the tenant API ({@code /tenants/{alias}/policy}, permission manage-policies): read, write,
 * refusal of a policy weaker than the realm with nothing stored, the audit event, and the allowed email domains
 * enforced on add-member and invitations.
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class TenantAdminPolicyIT {

    static TenantApi api;
    static String acme;

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.adminOk(
                "PUT",
                "",
                Map.of("passwordPolicy", "length(8)", "adminEventsEnabled", true, "adminEventsDetailsEnabled", true));
        api = TenantApi.setUp(realm);
        api.createRealmAdmin("root");
        String ann = realm.createUser("ann", "ann@acme.test");
        realm.createUser("eve", "eve@elsewhere.test");
        Http.Response created = api.call(
                "POST", "", Map.of("alias", "acme", "name", "Acme Corp", "adminUserId", ann), api.token("root", null));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        acme = created.string("id");
        api.member(acme, "bob");
    }

    @Test
    void aTenantAdminReadsAndWritesThePolicyAndTheChangeIsAudited() {
        String token = api.token("ann", "acme");
        Http.Response put = api.call(
                "PUT",
                "/acme/policy",
                Map.of("password.min-length", 12, "password.digits", 1, "email.allowed-domains", List.of("acme.test")),
                token);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        Http.Response get = api.get("/acme/policy", token);
        assertThat(get.status()).isEqualTo(200);
        assertThat((Map<String, Object>) get.json().get("policy"))
                .containsEntry("password.min-length", 12)
                .containsEntry("password.digits", 1);
        assertThat(api.adminEvents(acme).toString()).contains("organizations/" + acme + "/policy");
    }

    @Test
    void aPolicyWeakerThanTheRealmIsRefusedNamingTheFieldAndNothingIsStored() {
        String token = api.token("ann", "acme");
        Http.Response ten = api.call("PUT", "/acme/policy", Map.of("password.min-length", 10), token);
        assertThat(ten.status()).as(ten.toString()).isEqualTo(200);
        Http.Response weaker = api.call("PUT", "/acme/policy", Map.of("password.min-length", 6), token);
        TenantApi.assertError(weaker, 400, "invalid_request");
        assertThat(weaker.string("error_description")).contains("password.min-length");
        Http.Response unknown = api.call("PUT", "/acme/policy", Map.of("password.min-lenght", 12), token);
        TenantApi.assertError(unknown, 400, "invalid_request");
        Http.Response malformed = api.call("PUT", "/acme/policy", "{not json", token);
        TenantApi.assertError(malformed, 400, "invalid_request");
        Map<String, Object> stored =
                (Map<String, Object>) api.get("/acme/policy", token).json().get("policy");
        assertThat(stored).containsEntry("password.min-length", 10).doesNotContainKey("password.min-lenght");
    }

    @Test
    void badValuesAreRefusedNamingEachFieldAndNothingIsStored() {
        String token = api.token("ann", "acme");
        Map<String, Object> before =
                (Map<String, Object>) api.get("/acme/policy", token).json().get("policy");
        // the realm's SSO session idle timeout is Keycloak's default, 1800 s
        Map<String, Object> bad = new java.util.LinkedHashMap<>();
        bad.put("password.min-length", 12); // valid, but the request as a whole is refused
        bad.put("password.history", 99); // out of range
        bad.put("password.digits", "two"); // wrong type
        bad.put("session.idle-seconds", 3600); // longer than the realm's
        bad.put("mfa", "all");
        bad.put("mfa.methods", List.of("otp", "voice")); // no such method
        bad.put("color", "blue"); // unknown key
        Http.Response refused = api.call("PUT", "/acme/policy", bad, token);
        TenantApi.assertError(refused, 400, "invalid_request");
        Map<String, String> fields = (Map<String, String>) refused.json().get("fields");
        assertThat(fields)
                .containsOnlyKeys(
                        "password.history", "password.digits", "session.idle-seconds", "mfa.methods", "color");
        assertThat(fields.get("session.idle-seconds")).contains("1800");
        assertThat(fields.get("mfa.methods")).contains("unknown method 'voice'").contains("email");
        assertThat(refused.string("error_description"))
                .contains("password.history")
                .contains("color");
        assertThat((Map<String, Object>) api.get("/acme/policy", token).json().get("policy"))
                .isEqualTo(before);
    }

    @Test
    void aPlainMemberCannotReadOrWriteThePolicy() {
        String token = api.token("bob", "acme");
        TenantApi.assertError(api.get("/acme/policy", token), 403, "access_denied");
        TenantApi.assertError(api.call("PUT", "/acme/policy", Map.of("mfa", "off"), token), 403, "access_denied");
    }

    @Test
    void allowedEmailDomainsRefuseMembersAndInvitationsOfOtherDomains() {
        String token = api.token("ann", "acme");
        Http.Response policy =
                api.call("PUT", "/acme/policy", Map.of("email.allowed-domains", List.of("acme.test")), token);
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
        // the direct add is a realm admin's act; the tenant's domains bind it too
        Http.Response addEve =
                api.call("POST", "/acme/members", Map.of("email", "eve@elsewhere.test"), api.token("root", null));
        TenantApi.assertError(addEve, 400, "invalid_request");
        assertThat(addEve.string("error_description")).contains("email");
        Http.Response invite = api.call("POST", "/acme/invitations", Map.of("email", "new@elsewhere.test"), token);
        TenantApi.assertError(invite, 400, "invalid_request");
        assertThat(api.get("/acme/members?search=eve", token).jsonList()).isEmpty();
        Http.Response allowed = api.call("POST", "/acme/invitations", Map.of("email", "new@acme.test"), token);
        assertThat(allowed.status()).as(allowed.toString()).isEqualTo(201);
    }
}
