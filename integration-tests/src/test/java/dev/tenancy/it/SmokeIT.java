package dev.tenancy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.KeycloakServer;
import dev.tenancy.testsupport.TestRealm;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundle is installed in a stock server and each module's first provider is there and works. */
@KeycloakIntegrationTest
class SmokeIT {

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.allowTenantApi(realm.createPublicClient("smoke-app"));
        realm.createUser("smoker", "smoker@example.com");
    }

    @Test
    void serverInfoListsEveryProviderOfTheBundle(KeycloakServer server) {
        Map<String, Object> info = Http.get(
                        server.baseUrl() + "/admin/serverinfo",
                        Http.bearer(server.admin().tokenManager().getAccessTokenString()))
                .json();
        assertThat(info.get("providers").toString())
                .contains("oidc-tenant-mapper") // tenant-mapper
                .contains("tenancy-refresh-token") // refresh-policy
                .contains("tenants"); // tenant-admin-rest
        // tenant-policy: the login step and the token guard, each under its own id
        assertThat(providerIds(info, "authenticator"))
                .contains("tenancy-tenant-policy")
                .doesNotContain("tenancy-tenant-policy-token");
        assertThat(providerIds(info, "token-interceptor"))
                .contains("tenancy-tenant-policy-token")
                .doesNotContain("tenancy-tenant-policy");
        @SuppressWarnings("unchecked")
        Map<String, List<Map<String, Object>>> themes = (Map<String, List<Map<String, Object>>>) info.get("themes");
        assertThat(themes.get("login")).extracting(t -> t.get("name")).contains("tenancy"); // themes
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> mappers = (List<Map<String, Object>>)
                ((Map<String, Object>) info.get("protocolMapperTypes")).get("openid-connect");
        assertThat(mappers)
                .filteredOn(m -> "oidc-tenant-mapper".equals(m.get("id")))
                .singleElement()
                .satisfies(m -> assertThat(m.get("name")).isEqualTo("Active tenant"));
    }

    @SuppressWarnings("unchecked")
    static Set<String> providerIds(Map<String, Object> serverInfo, String spi) {
        Map<String, Object> providers = (Map<String, Object>) serverInfo.get("providers");
        return ((Map<String, Object>) ((Map<String, Object>) providers.get(spi)).get("providers")).keySet();
    }

    @Test
    void testRealmHasOrganizationsEnabled(TestRealm realm) {
        assertThat(realm.admin().toRepresentation().isOrganizationsEnabled()).isTrue();
    }

    @Test
    void passwordGrantIssuesAnAsymmetricallySignedTokenThatVerifiesAgainstJwks(TestRealm realm) {
        Http.Response response = realm.passwordGrant("smoke-app", "smoker", "openid");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        Map<String, Object> claims = Jwks.verify(realm.url(), response.string("access_token"));
        assertThat(claims.get("preferred_username")).isEqualTo("smoker");
        assertThat(claims.get("azp")).isEqualTo("smoke-app");
    }

    @Test
    void refreshTokensCarryAFamilyIdThatRefreshKeeps(TestRealm realm) {
        Http.Response login = realm.passwordGrant("smoke-app", "smoker", "openid");
        Object familyId = Jwks.decodeUnverified(login.string("refresh_token")).get("tenancy_fid");
        assertThat(familyId).isInstanceOf(String.class);

        Http.Response refreshed = realm.refreshGrant("smoke-app", login.string("refresh_token"));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(Jwks.decodeUnverified(refreshed.string("refresh_token")).get("tenancy_fid"))
                .isEqualTo(familyId);

        Http.Response otherLogin = realm.passwordGrant("smoke-app", "smoker", "openid");
        assertThat(Jwks.decodeUnverified(otherLogin.string("refresh_token")).get("tenancy_fid"))
                .isNotEqualTo(familyId);
    }

    @Test
    void tenantApiAnswersTheCallerAndRejectsAnonymousCalls(TestRealm realm) {
        Http.Response anonymous = Http.get(realm.url() + "/tenants/me", Map.of());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json()).containsKeys("error", "error_description");

        String accessToken =
                realm.passwordGrant("smoke-app", "smoker", "openid").string("access_token");
        Http.Response me = Http.get(realm.url() + "/tenants/me", Http.bearer(accessToken));
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json()).containsEntry("username", "smoker").containsEntry("tenants", List.of());
    }
}
