package dev.tenancy.it;

import static dev.tenancy.it.RefreshFixturesIT.assertInvalidGrant;
import static dev.tenancy.it.RefreshFixturesIT.jti;
import static dev.tenancy.it.RefreshFixturesIT.login;
import static dev.tenancy.it.RefreshFixturesIT.refreshOk;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Map;

import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.KeycloakServer;
import dev.tenancy.testsupport.TestRealm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The family state survives a server restart (it lives in the persistent user sessions, not in the JVM). Skipped until
 * the harness can restart its server keeping the database: it runs as soon as {@code KeycloakServer} has a public
 * {@code restart()} (looked up by reflection so that this file compiles before).
 */
@KeycloakIntegrationTest
class RefreshRestartIT {

    private static final String CLIENT = "restart-app";

    @BeforeAll
    static void setUp(TestRealm realm) {
        RefreshFixturesIT.createPublicClient(realm, CLIENT, "restart");
        RefreshFixturesIT.installTaggedPolicies(realm, Map.of("restart", Map.of("graceSeconds", 2)));
        realm.createUser("rudi", "rudi@example.com");
    }

    @Test
    void aRestartBetweenRefreshesKeepsTheFamilyState(TestRealm realm, KeycloakServer server) throws Exception {
        Method restart = restartMethod();
        Assumptions.assumeTrue(restart != null, "KeycloakServer has no restart() yet");

        String t0 = login(realm, CLIENT, "rudi").string("refresh_token");
        String t1 = refreshOk(realm, CLIENT, t0).string("refresh_token");
        String t2 = refreshOk(realm, CLIENT, t1).string("refresh_token");

        restart.invoke(server);

        // the head is still the head, and the spent tokens are still spent (not "untracked", not a new start)
        String t3 = refreshOk(realm, CLIENT, t2).string("refresh_token");
        assertThat(jti(t3)).isNotEqualTo(jti(t2));
        assertInvalidGrant(realm.refreshGrant(CLIENT, t0), "Refresh token replay detected");
        assertInvalidGrant(realm.refreshGrant(CLIENT, t3), "Session doesn't have required client");
    }

    private static Method restartMethod() {
        try {
            return KeycloakServer.class.getMethod("restart");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
