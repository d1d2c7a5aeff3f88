package dev.tenancy.it.refresh;

import static dev.tenancy.it.refresh.RefreshFixtures.assertInvalidGrant;
import static dev.tenancy.it.refresh.RefreshFixtures.jti;
import static dev.tenancy.it.refresh.RefreshFixtures.login;
import static dev.tenancy.it.refresh.RefreshFixtures.refreshOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client policy is independent of the realm's "Revoke Refresh Token": in a realm with Keycloak's own rotation on
 * ({@code revokeRefreshToken=true, refreshTokenMaxReuse=0}), a client without our policy keeps Keycloak's behaviour,
 * and a client with it gets ours (grace included) instead of Keycloak's reuse counting.
 */
@KeycloakIntegrationTest
class RefreshRealmRevokeIT {

    private static final String STOCK = "stock-rotation-app";
    private static final String OURS = "tenancy-rotation-app";

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.adminOk("PUT", "", Map.of("revokeRefreshToken", true, "refreshTokenMaxReuse", 0));
        RefreshFixtures.createPublicClient(realm, STOCK, null);
        RefreshFixtures.createPublicClient(realm, OURS, "grace");
        realm.installRefreshRotationPolicies(Map.of("grace", Map.of("graceSeconds", 2)));
        realm.createUser("rene", "rene@example.com");
    }

    @Test
    void aClientWithoutThePolicyKeepsKeycloaksRealmRotation(TestRealm realm) {
        String t0 = login(realm, STOCK, "rene").string("refresh_token");
        String t1 = refreshOk(realm, STOCK, t0).string("refresh_token");
        assertInvalidGrant(realm.refreshGrant(STOCK, t0), "Maximum allowed refresh token reuse exceeded");
        assertInvalidGrant(realm.refreshGrant(STOCK, t1), "Session doesn't have required client");
    }

    @Test
    void aClientWithThePolicyGetsGraceAndReplayDetectionInsteadOfKeycloaksReuseCount(TestRealm realm)
            throws InterruptedException {
        String t0 = login(realm, OURS, "rene").string("refresh_token");
        String t1 = refreshOk(realm, OURS, t0).string("refresh_token");
        assertThat(jti(refreshOk(realm, OURS, t0).string("refresh_token"))).isEqualTo(jti(t1));
        String t2 = refreshOk(realm, OURS, t1).string("refresh_token");
        String t3 = refreshOk(realm, OURS, t2).string("refresh_token");
        assertThat(RefreshFixtures.claims(t3)).doesNotContainKey("reuse_id").containsEntry("tenancy_gen", 3L);

        Thread.sleep(2_500);
        assertInvalidGrant(realm.refreshGrant(OURS, t2), "Refresh token replay detected");
        assertInvalidGrant(realm.refreshGrant(OURS, t3), "Session doesn't have required client");
    }
}
