package dev.tenancy.it.tenantapi;

import static dev.tenancy.it.TenantApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.TenantApi;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a token may do on the tenant API beyond the caller's roles: the consent rule of a direct add (tenant admins
 * invite, realm admins add; an address with and without an account get the same answer), the OAuth scope
 * {@code tenancy-admin}, the token's role scope, and the active tenant under the claim name configured on the mapper
 * (and only under a claim of ours). The endpoint x caller grid is {@link TenantAdminSecurityMatrixIT}.
 */
@KeycloakIntegrationTest
class TenantApiReachIT {

    static TenantApi api;
    static TestRealm realm;
    static String acme;
    static String outsider;

    @BeforeAll
    static void setUp(TestRealm testRealm) {
        realm = testRealm;
        api = TenantApi.setUp(realm);
        api.createRealmAdmin("root");
        acme = realm.createOrganization("acme", "Acme Corp");
        String globex = realm.createOrganization("globex", "Globex Inc");
        String admins = api.groupWithPermissions(acme, "admins", "tenant-admin");
        api.member(acme, "ann", admins);
        outsider = api.member(globex, "outsider");
    }

    @Test
    void aTenantAdminCannotAddAnyoneAndTheAnswerNeverTellsWhetherAnAccountExists() {
        String ann = api.token("ann", "acme");
        Http.Response known = api.call("POST", "/acme/members", Map.of("email", "outsider@users.test"), ann);
        Http.Response unknown = api.call("POST", "/acme/members", Map.of("email", "nobody-here@users.test"), ann);
        Http.Response knownId = api.call("POST", "/acme/members", Map.of("userId", outsider), ann);
        Http.Response unknownId =
                api.call("POST", "/acme/members", Map.of("userId", "00000000-0000-4000-8000-000000000000"), ann);
        assertError(known, 403, "access_denied");
        assertThat(known.string("error_description")).contains("invitation").contains("/tenants/acme/invitations");
        for (Http.Response other : List.of(unknown, knownId, unknownId)) {
            assertThat(other.status()).isEqualTo(known.status());
            assertThat(other.body()).as("same body for an account and for none").isEqualTo(known.body());
        }
        assertThat(api.get("/acme/members/" + outsider, ann).status())
                .as("not added")
                .isEqualTo(404);

        // timing: interleaved, so that drift of the machine hits both alike
        List<Long> knownTimes = new ArrayList<>();
        List<Long> unknownTimes = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // warm-up
            api.call("POST", "/acme/members", Map.of("email", "outsider@users.test"), ann);
            api.call("POST", "/acme/members", Map.of("email", "nobody-" + i + "@users.test"), ann);
        }
        for (int i = 0; i < 40; i++) {
            knownTimes.add(timed(() -> api.call("POST", "/acme/members", Map.of("email", "outsider@users.test"), ann)));
            int n = i;
            unknownTimes.add(timed(
                    () -> api.call("POST", "/acme/members", Map.of("email", "nobody-" + n + "@users.test"), ann)));
        }
        double knownMedian = percentile(knownTimes, 50) / 1e6;
        double unknownMedian = percentile(unknownTimes, 50) / 1e6;
        double noise = Math.max(
                        percentile(knownTimes, 75) - percentile(knownTimes, 25),
                        percentile(unknownTimes, 75) - percentile(unknownTimes, 25))
                / 1e6;
        System.out.printf(
                "[tenancy] direct add refused: median %.2f ms with an account, %.2f ms without "
                        + "(interquartile range up to %.2f ms)%n",
                knownMedian, unknownMedian, noise);
        assertThat(Math.abs(knownMedian - unknownMedian))
                .as("difference of the medians within the noise")
                .isLessThanOrEqualTo(Math.max(noise, 5.0));
    }

    @Test
    void aRealmAdminAddsDirectly() {
        String root = api.token("root", null);
        String user = realm.createUser("direct", "direct@users.test");
        Http.Response added = api.call("POST", "/acme/members", Map.of("userId", user), root);
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertError(
                api.call("POST", "/acme/members", Map.of("email", "nobody-here@users.test"), root), 404, "not_found");
    }

    @Test
    void aTokenWithoutTheTenantApiScopeGets403NamingIt() {
        api.otherClient("plain-app", true, false);
        for (String token : List.of(api.token("plain-app", "ann", "acme"), api.token("plain-app", "root", null))) {
            for (String path : List.of("/me", "/acme", "/acme/members")) {
                Http.Response response = api.get(path, token);
                assertError(response, 403, "access_denied");
                assertThat(response.string("error_description")).contains("'tenancy-admin'");
            }
        }
        // the scope is an optional one too: requested, it opens the API to that token only
        String optional = realm.adminCreate(
                "/clients",
                Map.of("clientId", "optional-app", "publicClient", true, "directAccessGrantsEnabled", true));
        realm.addActiveTenantMapper(optional);
        realm.adminOk("PUT", "/clients/" + optional + "/optional-client-scopes/" + scopeId("tenancy-admin"), null);
        assertThat(api.get("/acme", api.token("optional-app", "ann", "acme")).status())
                .isEqualTo(403);
        Http.Response withScope = realm.passwordGrant("optional-app", "ann", "openid organization:acme tenancy-admin");
        assertThat(api.get("/acme", withScope.string("access_token")).status()).isEqualTo(200);
    }

    @Test
    void theActiveTenantIsFoundUnderTheConfiguredClaimNameAndOnlyInOurClaims() {
        for (String claim : List.of("org", "ctx.active")) {
            String clientId = "claim-" + claim.replace('.', '-');
            String uuid = realm.adminCreate(
                    "/clients", Map.of("clientId", clientId, "publicClient", true, "directAccessGrantsEnabled", true));
            realm.adminCreate(
                    "/clients/" + uuid + "/protocol-mappers/models",
                    Map.of(
                            "name",
                            "active tenant",
                            "protocol",
                            "openid-connect",
                            "protocolMapper",
                            "oidc-tenant-mapper",
                            "config",
                            Map.of("claim.name", claim, "access.token.claim", "true")));
            realm.allowTenantApi(uuid);
            String token = api.token(clientId, "ann", "acme");
            assertThat(claims(token)).doesNotContainKey("tenant");
            assertThat(api.get("/acme/members", token).status()).as(claim).isEqualTo(200);
            assertThat(api.get("/me", token).json()).containsEntry("activeTenant", "acme");
        }
        // a claim named like ours but written by another mapper is not the active tenant
        String forged = realm.adminCreate(
                "/clients",
                Map.of("clientId", "forged-claim", "publicClient", true, "directAccessGrantsEnabled", true));
        realm.adminCreate(
                "/clients/" + forged + "/protocol-mappers/models",
                Map.of(
                        "name",
                        "not ours",
                        "protocol",
                        "openid-connect",
                        "protocolMapper",
                        "oidc-hardcoded-claim-mapper",
                        "config",
                        Map.of(
                                "claim.name",
                                "tenant",
                                "claim.value",
                                "{\"alias\":\"acme\"}",
                                "jsonType.label",
                                "JSON",
                                "access.token.claim",
                                "true")));
        realm.allowTenantApi(forged);
        String token = api.token("forged-claim", "ann", null);
        assertThat(claims(token).get("tenant")).isEqualTo(Map.of("alias", "acme"));
        Http.Response refused = api.get("/acme/members", token);
        assertError(refused, 403, "access_denied");
        assertThat(refused.string("error_description")).contains("names no active tenant");
    }

    /**
     * Keycloak's admin API rule: a role counts only when it is in the role scope of the token's client. A client
     * without full scope uses the tenant permissions it maps (here the composite tenant-admin), and no others.
     */
    @Test
    void aPermissionOutsideTheTokensRoleScopeDoesNotCount() {
        String narrow = api.otherClient("narrow-app", false, true);
        Http.Response refused = api.get("/acme/members", api.token("narrow-app", "ann", "acme"));
        assertError(refused, 403, "access_denied");
        assertThat(refused.string("error_description")).contains("role scope");
        assertThat(api.get("/acme", api.token("narrow-app", "ann", "acme")).status())
                .as("a member's read needs no permission")
                .isEqualTo(200);
        List<Object> viewMembers =
                List.of(realm.adminCall("GET", "/clients/" + api.permissionsUuid + "/roles/view-members", null)
                        .json());
        realm.adminOk("POST", "/clients/" + narrow + "/scope-mappings/clients/" + api.permissionsUuid, viewMembers);
        String token = api.token("narrow-app", "ann", "acme");
        assertThat(api.get("/acme/members", token).status())
                .as("view-members mapped")
                .isEqualTo(200);
        assertError(api.get("/acme/invitations", token), 403, "access_denied");
        assertThat(api.get("/acme/invitations", api.token("ann", "acme")).status())
                .as("full scope")
                .isEqualTo(200);

        // a realm admin's role outside the role scope makes no realm admin: acme is then a tenant they are not in
        assertError(api.get("/acme", api.token("narrow-app", "root", null)), 404, "not_found");
    }

    private static String scopeId(String name) {
        return realm.adminCall("GET", "/client-scopes", null).jsonList().stream()
                .map(scope -> (Map<?, ?>) scope)
                .filter(scope -> name.equals(scope.get("name")))
                .map(scope -> String.valueOf(scope.get("id")))
                .findFirst()
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(String jwt) {
        try {
            return Http.JSON.readValue(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), Map.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return System.nanoTime() - start;
    }

    private static double percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }
}
