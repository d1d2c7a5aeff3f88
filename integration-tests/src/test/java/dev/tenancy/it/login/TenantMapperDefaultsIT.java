package dev.tenancy.it.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.TenantApi;
import dev.tenancy.it.refresh.RefreshFixtures;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The "Active tenant" mapper created over admin REST with {@code "config": {}} (issue 17, point 2): it behaves like one
 * saved with the console's defaults, claim {@code tenant} in the access token, the ID token, userinfo and
 * introspection, and the tenant API finds the active tenant under that name. An option set to {@code false} stays off.
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class TenantMapperDefaultsIT {

    static final String APP = "defaults-app";
    static final String NO_ACCESS_TOKEN_APP = "no-access-claim-app";

    static String appUuid;
    static String mapperId;

    @BeforeAll
    static void setUp(TestRealm realm) {
        RefreshFixtures.createIntrospectionClient(realm);
        appUuid = realm.createPublicClient(APP);
        realm.allowTenantApi(appUuid);
        mapperId = realm.adminCreate(
                "/clients/" + appUuid + "/protocol-mappers/models",
                Map.of(
                        "name",
                        "active tenant",
                        "protocol",
                        "openid-connect",
                        "protocolMapper",
                        "oidc-tenant-mapper",
                        "config",
                        Map.of()));
        String other = realm.createPublicClient(NO_ACCESS_TOKEN_APP);
        realm.adminCreate(
                "/clients/" + other + "/protocol-mappers/models",
                Map.of(
                        "name",
                        "active tenant",
                        "protocol",
                        "openid-connect",
                        "protocolMapper",
                        "oidc-tenant-mapper",
                        "config",
                        Map.of("access.token.claim", "false")));

        String acme = realm.createOrganization("acme", "Acme Corporation", "acme.test");
        String alice = realm.createUser("alice", "alice@acme.test");
        realm.addMember(acme, alice);
        String admins = realm.createOrganizationGroup(acme, "admins");
        realm.grantClientRoleToOrganizationGroup(
                acme, admins, TenantApi.clientUuid(realm, "tenancy-permissions"), "tenant-admin");
        realm.joinOrganizationGroup(acme, admins, alice);
    }

    @Test
    void anEmptyConfigPutsTheTenantClaimIntoAllFourPlaces(TestRealm realm) {
        Http.Response tokens = realm.passwordGrant(APP, "alice", "openid organization:acme");
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        String accessToken = tokens.string("access_token");

        assertThat(tenant(Jwks.verify(realm.url(), accessToken)))
                .as("access token")
                .containsEntry("alias", "acme");
        assertThat(tenant(Jwks.verify(realm.url(), tokens.string("id_token"))))
                .as("ID token")
                .containsEntry("alias", "acme");

        Http.Response userinfo = Http.get(realm.url() + "/protocol/openid-connect/userinfo", Http.bearer(accessToken));
        assertThat(userinfo.status()).as(userinfo.toString()).isEqualTo(200);
        assertThat(tenant(userinfo.json())).as("userinfo").containsEntry("alias", "acme");

        Http.Response introspection = Http.form(
                realm.tokenEndpoint() + "/introspect",
                Http.fields(
                        "token",
                        accessToken,
                        "client_id",
                        RefreshFixtures.INTROSPECTION_CLIENT,
                        "client_secret",
                        RefreshFixtures.INTROSPECTION_SECRET));
        assertThat(introspection.status()).as(introspection.toString()).isEqualTo(200);
        assertThat(introspection.json()).containsEntry("active", true);
        assertThat(tenant(introspection.json())).as("introspection").containsEntry("alias", "acme");
    }

    @Test
    void theAdminApiShowsTheEffectiveConfiguration(TestRealm realm) {
        Map<String, Object> mapper = realm.adminCall(
                        "GET", "/clients/" + appUuid + "/protocol-mappers/models/" + mapperId, null)
                .json();
        assertThat((Map<String, Object>) mapper.get("config"))
                .containsEntry("claim.name", "tenant")
                .containsEntry("access.token.claim", "true")
                .containsEntry("id.token.claim", "true")
                .containsEntry("userinfo.token.claim", "true")
                .containsEntry("introspection.token.claim", "true");
    }

    @Test
    void theTenantApiFindsTheActiveTenantUnderTheDefaultClaimName(TestRealm realm) {
        String token =
                realm.passwordGrant(APP, "alice", "openid organization:acme").string("access_token");
        Http.Response members = Http.get(realm.url() + "/tenants/acme/members", Http.bearer(token));
        assertThat(members.status()).as(members.toString()).isEqualTo(200);
        assertThat(members.jsonList())
                .extracting(m -> ((Map<String, Object>) m).get("username"))
                .contains("alice");
        Http.Response me = Http.get(realm.url() + "/tenants/me", Http.bearer(token));
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json()).containsEntry("activeTenant", "acme");
    }

    @Test
    void anOptionSetToFalseStaysOff(TestRealm realm) {
        Http.Response tokens = realm.passwordGrant(NO_ACCESS_TOKEN_APP, "alice", "openid organization:acme");
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(Jwks.verify(realm.url(), tokens.string("access_token"))).doesNotContainKey("tenant");
        assertThat(tenant(Jwks.verify(realm.url(), tokens.string("id_token")))).containsEntry("alias", "acme");
    }

    private static Map<String, Object> tenant(Map<String, Object> claims) {
        Object tenant = claims.get("tenant");
        assertThat(tenant).as("tenant claim in " + claims.keySet()).isInstanceOf(Map.class);
        return (Map<String, Object>) tenant;
    }
}
