package dev.tenancy.it.refresh;

import static dev.tenancy.it.refresh.RefreshFixtures.assertInvalidGrant;
import static dev.tenancy.it.refresh.RefreshFixtures.claims;
import static dev.tenancy.it.refresh.RefreshFixtures.familyId;
import static dev.tenancy.it.refresh.RefreshFixtures.introspectionActive;
import static dev.tenancy.it.refresh.RefreshFixtures.jti;
import static dev.tenancy.it.refresh.RefreshFixtures.refreshOk;
import static dev.tenancy.it.refresh.RefreshFixtures.userinfoStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.RotationTiming;
import dev.tenancy.testsupport.TestRealm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A replayed refresh token fails with {@code invalid_grant} and revokes, at once and for good, what the client's
 * policy says: the client session, the user session, or all the user's sessions. Each test has a user of its own:
 * <ul>
 *   <li>session S1: browser login to the rotating app, then single sign-on to {@value #WITNESS} (two clients, one
 *       user session);</li>
 *   <li>session S2: a separate password login of the same user to {@value #WITNESS};</li>
 *   <li>session S3: an offline token of the same user for {@value #WITNESS}.</li>
 * </ul>
 */
@KeycloakIntegrationTest
class RefreshReplayRevocationIT {

    private static final String REVOKES_CLIENT_SESSION = "app-client-scope";
    private static final String REVOKES_USER_SESSION = "app-user-scope";
    private static final String REVOKES_ALL = "app-all-scope";
    private static final String OFFLINE_APP = "app-offline";
    private static final String WITNESS = "witness-app";

    @BeforeAll
    static void setUp(TestRealm realm) {
        RefreshFixtures.createIntrospectionClient(realm);
        RefreshFixtures.createPublicClient(realm, REVOKES_CLIENT_SESSION, "client-session");
        RefreshFixtures.createPublicClient(realm, REVOKES_USER_SESSION, "user-session");
        RefreshFixtures.createPublicClient(realm, REVOKES_ALL, "all-user-sessions");
        RefreshFixtures.createPublicClient(realm, OFFLINE_APP, "client-session");
        RefreshFixtures.createPublicClient(realm, WITNESS, null);
        realm.installRefreshRotationPolicies(Map.of(
                "client-session", Map.of("replayRevokes", "client-session"),
                "user-session", Map.of("replayRevokes", "user-session"),
                "all-user-sessions", Map.of("replayRevokes", "all-user-sessions")));
        RefreshFixtures.enableRefreshEvents(realm);
    }

    /** The sessions of one user, as in the class comment, and the rotating app's first tokens. */
    private record Sessions(
            String userId,
            Http.Response app,
            Http.Response witnessSameSession,
            Http.Response witnessOtherSession,
            Http.Response witnessOffline) {}

    private static Sessions sessionsOf(TestRealm realm, String username, String appClientId) {
        String userId = realm.createUser(username, username + "@example.com");
        BrowserlessLogin browser = new BrowserlessLogin(realm, appClientId, RefreshFixtures.REDIRECT_URI);
        Http.Response app = RefreshFixtures.codeLogin(browser, username);
        Http.Response witness =
                RefreshFixtures.codeLogin(browser.withClient(WITNESS, RefreshFixtures.REDIRECT_URI), username);
        assertThat(claims(witness.string("refresh_token")).get("sid"))
                .isEqualTo(claims(app.string("refresh_token")).get("sid"));
        Http.Response other = realm.passwordGrant(WITNESS, username, "openid");
        Http.Response offline = realm.passwordGrant(WITNESS, username, "openid offline_access");
        assertThat(claims(offline.string("refresh_token"))).containsEntry("typ", "Offline");
        return new Sessions(userId, app, witness, other, offline);
    }

    /** Rotates once, then presents the spent first token again, past the in-flight second: the replay. */
    private static String replay(TestRealm realm, String clientId, Http.Response login) {
        String first = login.string("refresh_token");
        Http.Response rotated = refreshOk(realm, clientId, first);
        RotationTiming.waitPastInFlightWindow();
        assertInvalidGrant(realm.refreshGrant(clientId, first), "Refresh token replay detected");
        return rotated.string("refresh_token");
    }

    private static void assertFamilyIsDead(TestRealm realm, String clientId, String head, Http.Response login) {
        Http.Response next = realm.refreshGrant(clientId, head);
        assertThat(next.status()).as(next.toString()).isEqualTo(400);
        assertThat(next.string("error")).isEqualTo("invalid_grant");
        String accessToken = login.string("access_token");
        assertThat(introspectionActive(realm, accessToken))
                .as("access token still introspects as active")
                .isFalse();
        assertThat(userinfoStatus(realm, accessToken)).isEqualTo(401);
    }

    private static boolean refreshes(TestRealm realm, String clientId, Http.Response login) {
        return realm.refreshGrant(clientId, login.string("refresh_token")).status() == 200;
    }

    @Test
    void clientSessionScopeKillsTheFamilysClientOnly(TestRealm realm) {
        Sessions s = sessionsOf(realm, "carl", REVOKES_CLIENT_SESSION);
        assertThat(introspectionActive(realm, s.app.string("access_token"))).isTrue();

        String head = replay(realm, REVOKES_CLIENT_SESSION, s.app);

        assertFamilyIsDead(realm, REVOKES_CLIENT_SESSION, head, s.app);
        assertThat(refreshes(realm, WITNESS, s.witnessSameSession))
                .as("other client, same user session")
                .isTrue();
        assertThat(introspectionActive(realm, s.witnessSameSession.string("access_token")))
                .isTrue();
        assertThat(refreshes(realm, WITNESS, s.witnessOtherSession))
                .as("other user session")
                .isTrue();
        assertThat(refreshes(realm, WITNESS, s.witnessOffline))
                .as("offline session")
                .isTrue();
    }

    @Test
    void userSessionScopeKillsEveryClientOfThatLoginOnly(TestRealm realm) {
        Sessions s = sessionsOf(realm, "ursula", REVOKES_USER_SESSION);

        String head = replay(realm, REVOKES_USER_SESSION, s.app);

        assertFamilyIsDead(realm, REVOKES_USER_SESSION, head, s.app);
        assertInvalidGrant(
                realm.refreshGrant(WITNESS, s.witnessSameSession.string("refresh_token")), "Session not active");
        assertThat(introspectionActive(realm, s.witnessSameSession.string("access_token")))
                .isFalse();
        assertThat(refreshes(realm, WITNESS, s.witnessOtherSession))
                .as("other user session")
                .isTrue();
        assertThat(refreshes(realm, WITNESS, s.witnessOffline))
                .as("offline session")
                .isTrue();
    }

    @Test
    void allUserSessionsScopeKillsEverySessionOfTheUserOfflineIncluded(TestRealm realm) {
        Sessions s = sessionsOf(realm, "alma", REVOKES_ALL);

        String head = replay(realm, REVOKES_ALL, s.app);

        assertFamilyIsDead(realm, REVOKES_ALL, head, s.app);
        assertThat(refreshes(realm, WITNESS, s.witnessSameSession)).isFalse();
        assertThat(refreshes(realm, WITNESS, s.witnessOtherSession)).isFalse();
        assertThat(introspectionActive(realm, s.witnessOtherSession.string("access_token")))
                .isFalse();
        assertThat(refreshes(realm, WITNESS, s.witnessOffline)).isFalse();
        assertThat(realm.adminCall("GET", "/users/" + s.userId + "/sessions", null)
                        .jsonList())
                .isEmpty();
        // a new login works again
        assertThat(realm.passwordGrant(WITNESS, "alma", "openid").status()).isEqualTo(200);
    }

    @Test
    void theReplayIsRecordedAsAnEventWithUserClientSessionFamilyAndAddress(TestRealm realm) {
        String userId = realm.createUser("eve", "eve@example.com");
        Http.Response login = realm.passwordGrant(REVOKES_CLIENT_SESSION, "eve", "openid");
        String first = login.string("refresh_token");
        replay(realm, REVOKES_CLIENT_SESSION, login);

        List<Map<String, Object>> errors = RefreshFixtures.events(realm, "REFRESH_TOKEN_ERROR", userId);
        assertThat(errors).hasSize(1);
        Map<String, Object> event = errors.get(0);
        assertThat(event)
                .containsEntry("clientId", REVOKES_CLIENT_SESSION)
                .containsEntry("userId", userId)
                .containsEntry("sessionId", claims(first).get("sid"))
                .containsEntry("ipAddress", "127.0.0.1")
                .containsEntry("error", "invalid_token");
        assertThat(event.get("details"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("family_id", familyId(first))
                .containsEntry("tenancy_reason", "refresh_token_replay")
                .containsEntry("reason", "Refresh token replay detected")
                .containsEntry("tenancy_revoked", "client-session")
                .containsEntry("refresh_token_id", jti(first));

        // successful refreshes say what they did to the family
        List<Map<String, Object>> refreshes = RefreshFixtures.events(realm, "REFRESH_TOKEN", userId);
        assertThat(refreshes)
                .singleElement()
                .extracting("details")
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("family_id", familyId(first))
                .containsEntry("tenancy_rotation", "start");
    }

    @Test
    void offlineTokensRotateAndAReplayRevokesTheOfflineClientSession(TestRealm realm) {
        String userId = realm.createUser("otto", "otto@example.com");
        Http.Response login = realm.passwordGrant(OFFLINE_APP, "otto", "openid offline_access");
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        String t0 = login.string("refresh_token");
        assertThat(claims(t0)).containsEntry("typ", "Offline");

        String t1 = refreshOk(realm, OFFLINE_APP, t0).string("refresh_token");
        assertThat(claims(t1))
                .containsEntry("typ", "Offline")
                .containsEntry("tenancy_gen", 1L)
                .containsEntry("tenancy_fid", familyId(t0));
        String t2 = refreshOk(realm, OFFLINE_APP, t1).string("refresh_token");
        assertThat(jti(t2)).isNotEqualTo(jti(t1));

        RotationTiming.waitPastInFlightWindow();
        assertInvalidGrant(realm.refreshGrant(OFFLINE_APP, t1), "Refresh token replay detected");
        assertThat(realm.refreshGrant(OFFLINE_APP, t2).status()).isEqualTo(400);
        String clientUuid =
                realm.admin().clients().findByClientId(OFFLINE_APP).get(0).getId();
        assertThat(realm.adminCall("GET", "/users/" + userId + "/offline-sessions/" + clientUuid, null)
                        .jsonList())
                .isEmpty();
    }
}
