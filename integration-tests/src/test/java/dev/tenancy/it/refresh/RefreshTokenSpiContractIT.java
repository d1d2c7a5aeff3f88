package dev.tenancy.it.refresh;

import static dev.tenancy.it.refresh.RefreshFixtures.claims;
import static dev.tenancy.it.refresh.RefreshFixtures.familyId;
import static dev.tenancy.it.refresh.RefreshFixtures.refreshOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.KeycloakServer;
import dev.tenancy.testsupport.TestRealm;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fails when a Keycloak upgrade stops calling the refresh-policy module's adapters to internal SPIs: the
 * {@code refresh-token} provider (and its {@code validateToken} hook), the last {@code token-interceptor}, and the
 * client-policy executor's hand-over on {@code TOKEN_REFRESH}.
 */
@KeycloakIntegrationTest
class RefreshTokenSpiContractIT {

    private static final String CLIENT = "contract-app";

    private static String tenantId;

    @BeforeAll
    static void setUp(TestRealm realm) {
        RefreshFixtures.createPublicClient(realm, CLIENT, "contract");
        realm.installRefreshRotationPolicies(Map.of("contract", Map.of("graceSeconds", 30)));
        String userId = realm.createUser("cora", "cora@acme.example");
        tenantId = realm.createOrganization("acme", "Acme", "acme.example");
        realm.addMember(tenantId, userId);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAdaptersAreRegisteredWhereKeycloakLooksForThem(KeycloakServer server) {
        Map<String, Object> providers = (Map<String, Object>) Http.get(
                        server.baseUrl() + "/admin/serverinfo",
                        Http.bearer(server.admin().tokenManager().getAccessTokenString()))
                .json()
                .get("providers");
        Map<String, Object> refresh =
                (Map<String, Object>) ((Map<String, Object>) providers.get("refresh-token")).get("providers");
        assertThat((Map<String, Object>) refresh.get("tenancy-refresh-token")).containsEntry("order", 100);
        assertThat(((Map<String, Object>) ((Map<String, Object>) providers.get("token-interceptor")).get("providers")))
                .containsKey("tenancy-refresh-family");
        assertThat(((Map<String, Object>)
                        ((Map<String, Object>) providers.get("client-policy-executor")).get("providers")))
                .containsKey("tenancy-refresh-rotation");
    }

    @Test
    void theExecutorsPolicyReachesTheProviderAndThePostProcessorCommitsTheRotation(TestRealm realm) {
        String t0 = RefreshFixtures.login(realm, CLIENT, "cora").string("refresh_token");
        String t1 = refreshOk(realm, CLIENT, t0).string("refresh_token");
        // tenancy_gen is only written when the executor's policy reached the provider
        assertThat(claims(t1)).containsEntry("tenancy_gen", 1L).containsEntry("tenancy_fid", familyId(t0));
        // the grace copy names the committed head: the post-processor wrote it
        assertThat(RefreshFixtures.jti(refreshOk(realm, CLIENT, t0).string("refresh_token")))
                .isEqualTo(RefreshFixtures.jti(t1));
    }

    @Test
    void theChainCarriesItsActiveTenantThroughRotationsAndGraceResponses(TestRealm realm) {
        Http.Response login = realm.passwordGrant(CLIENT, "cora", "openid organization");
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        String t0 = login.string("refresh_token");
        assertThat(claims(t0)).containsEntry("tenancy_tid", tenantId).containsEntry("organization", "acme");

        String t1 = refreshOk(realm, CLIENT, t0).string("refresh_token");
        String grace = refreshOk(realm, CLIENT, t0).string("refresh_token");
        String t2 = refreshOk(realm, CLIENT, t1).string("refresh_token");
        for (String token : new String[] {t1, grace, t2}) {
            assertThat(claims(token)).containsEntry("tenancy_tid", tenantId).containsEntry("organization", "acme");
        }
    }
}
