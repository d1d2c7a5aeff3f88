package dev.tenancy.it.refresh;

import static dev.tenancy.it.refresh.RefreshFixtures.assertInvalidGrant;
import static dev.tenancy.it.refresh.RefreshFixtures.claims;
import static dev.tenancy.it.refresh.RefreshFixtures.familyId;
import static dev.tenancy.it.refresh.RefreshFixtures.jti;
import static dev.tenancy.it.refresh.RefreshFixtures.login;
import static dev.tenancy.it.refresh.RefreshFixtures.refreshOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.KeycloakServer;
import dev.tenancy.testsupport.RotationTiming;
import dev.tenancy.testsupport.TestRealm;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Rotation, the grace window, the family lifespan and bad input, per client through the client-policy executor. */
@KeycloakIntegrationTest
class RefreshRotationIT {

    private static final String ROTATING = "rotating-app";
    private static final String GRACE = "grace-app";
    private static final String PLAIN = "plain-app";
    private static final String SHORT_FAMILY = "short-family-app";
    private static final String SHORT_SESSION = "short-session-app";
    private static final String SUPPRESSED = "suppressed-app";
    private static final int GRACE_SECONDS = 2;
    private static final int FAMILY_SECONDS = 4;

    @BeforeAll
    static void setUp(TestRealm realm) {
        RefreshFixtures.createPublicClient(realm, ROTATING, "rotate");
        RefreshFixtures.createPublicClient(realm, GRACE, "grace");
        RefreshFixtures.createPublicClient(realm, PLAIN, null);
        RefreshFixtures.createPublicClient(realm, SHORT_FAMILY, "short-family");
        // Keycloak's own refresh-token expiry for this client: 2 s (client session idle timeout)
        RefreshFixtures.createPublicClient(realm, SHORT_SESSION, "rotate", Map.of("client.session.idle.timeout", "2"));
        RefreshFixtures.createPublicClient(realm, SUPPRESSED, "suppressed");
        realm.installRefreshRotationPolicies(Map.of(
                "rotate", Map.of("rotation", true),
                // Keycloak's own executor that drops the refresh token from refresh responses, after ours
                "suppressed",
                        List.of(
                                Map.of("executor", RefreshFixtures.EXECUTOR, "configuration", Map.of()),
                                Map.of("executor", "suppress-refresh-token-rotation", "configuration", Map.of())),
                "grace", Map.of("rotation", true, "graceSeconds", GRACE_SECONDS),
                "short-family",
                        Map.of("rotation", true, "graceSeconds", "0", "familyMaxLifespanSeconds", FAMILY_SECONDS)));
        realm.createUser("rita", "rita@example.com");
    }

    @Test
    void everyRefreshReturnsANewTokenOfTheSameFamilyAndSpendsThePresentedOne(TestRealm realm) {
        String first = login(realm, ROTATING, "rita").string("refresh_token");
        Map<String, Object> firstClaims = claims(first);
        assertThat(firstClaims).containsKeys("tenancy_fid", "tenancy_fiat").doesNotContainKey("tenancy_gen");

        String second = refreshOk(realm, ROTATING, first).string("refresh_token");
        String third = refreshOk(realm, ROTATING, second).string("refresh_token");

        assertThat(jti(second)).isNotEqualTo(jti(first));
        assertThat(jti(third)).isNotEqualTo(jti(second));
        assertThat(claims(second))
                .containsEntry("tenancy_fid", firstClaims.get("tenancy_fid"))
                .containsEntry("tenancy_fiat", firstClaims.get("tenancy_fiat"))
                .containsEntry("tenancy_gen", 1L);
        assertThat(claims(third))
                .containsEntry("tenancy_fid", firstClaims.get("tenancy_fid"))
                .containsEntry("tenancy_gen", 2L);

        // spent: presented again at once (no grace on this client), it is refused as a request that was in flight
        // during the rotation, and nothing is revoked
        assertInvalidGrant(
                realm.refreshGrant(ROTATING, second), "Refresh token was already rotated by a concurrent request");
        String fourth = refreshOk(realm, ROTATING, third).string("refresh_token");
        // third is spent now; presented once its rotation could have been seen, it is a replay
        RotationTiming.waitPastInFlightWindow();
        assertInvalidGrant(realm.refreshGrant(ROTATING, third), "Refresh token replay detected");
        // and the replay revoked the family: the newest token is dead too
        assertInvalidGrant(realm.refreshGrant(ROTATING, fourth), "Session doesn't have required client");
    }

    @Test
    void withoutAPolicyARefreshIsKeycloaksDefaultPlusTheFamilyClaims(TestRealm realm) {
        String token = login(realm, PLAIN, "rita").string("refresh_token");
        // the realm does not revoke refresh tokens: the same token can be used again, nothing rotates
        String once = refreshOk(realm, PLAIN, token).string("refresh_token");
        String twice = refreshOk(realm, PLAIN, token).string("refresh_token");
        assertThat(familyId(once)).isEqualTo(familyId(token)).isEqualTo(familyId(twice));
        assertThat(claims(once)).doesNotContainKey("tenancy_gen");
        refreshOk(realm, PLAIN, once);
    }

    @Test
    void whenNoRefreshTokenIsReturnedThePresentedOneStaysTheHead(TestRealm realm) throws InterruptedException {
        String token = login(realm, SUPPRESSED, "rita").string("refresh_token");
        Http.Response first = refreshOk(realm, SUPPRESSED, token);
        assertThat(first.json()).doesNotContainKey("refresh_token");
        RotationTiming.waitPastInFlightWindow();
        // the client has nothing else to present: its token was not spent
        refreshOk(realm, SUPPRESSED, token);
        refreshOk(realm, SUPPRESSED, token);
    }

    @Nested
    class GraceWindow {

        @Test
        void thePreviousTokenGetsACopyOfTheCurrentHeadAndNothingIsRevoked(TestRealm realm) {
            String t0 = login(realm, GRACE, "rita").string("refresh_token");
            String t1 = refreshOk(realm, GRACE, t0).string("refresh_token");

            Http.Response again = refreshOk(realm, GRACE, t0);
            Http.Response thirdTime = refreshOk(realm, GRACE, t0);
            String copy = again.string("refresh_token");
            // one head: the copy IS the current head (same token id), with a fresh access token
            assertThat(jti(copy)).isEqualTo(jti(t1));
            assertThat(jti(thirdTime.string("refresh_token"))).isEqualTo(jti(t1));
            assertThat(claims(copy)).containsEntry("tenancy_gen", 1L).containsEntry("tenancy_fid", familyId(t0));
            assertThat(jti(again.string("access_token"))).isNotEqualTo(jti(thirdTime.string("access_token")));

            // whichever copy of the head is used next rotates the family
            String t2 = refreshOk(realm, GRACE, copy).string("refresh_token");
            assertThat(jti(t2)).isNotEqualTo(jti(t1));
            // the other copy is now the previous token: grace again, with the new head
            assertThat(jti(refreshOk(realm, GRACE, t1).string("refresh_token"))).isEqualTo(jti(t2));
            refreshOk(realm, GRACE, t2);
        }

        @Test
        void onlyTheImmediatelyPreviousTokenGetsGrace(TestRealm realm) {
            String t0 = login(realm, GRACE, "rita").string("refresh_token");
            String t1 = refreshOk(realm, GRACE, t0).string("refresh_token");
            String t2 = refreshOk(realm, GRACE, t1).string("refresh_token");

            // t0 is two rotations old: a replay, even within the window
            assertInvalidGrant(realm.refreshGrant(GRACE, t0), "Refresh token replay detected");
            assertInvalidGrant(realm.refreshGrant(GRACE, t2), "Session doesn't have required client");
        }

        @Test
        void afterTheWindowThePreviousTokenIsAReplay(TestRealm realm) throws InterruptedException {
            String t0 = login(realm, GRACE, "rita").string("refresh_token");
            String t1 = refreshOk(realm, GRACE, t0).string("refresh_token");

            Thread.sleep(GRACE_SECONDS * 1000L + 500);

            assertInvalidGrant(realm.refreshGrant(GRACE, t0), "Refresh token replay detected");
            assertInvalidGrant(realm.refreshGrant(GRACE, t1), "Session doesn't have required client");
        }
    }

    @Test
    void aFamilyEndsAtItsMaximumLifespanHoweverOftenItRotates(TestRealm realm) throws InterruptedException {
        Http.Response login = login(realm, SHORT_FAMILY, "rita");
        Http.Response first = refreshOk(realm, SHORT_FAMILY, login.string("refresh_token"));
        assertThat(((Number) first.json().get("refresh_expires_in")).intValue()).isBetween(1, FAMILY_SECONDS);
        Map<String, Object> claims = claims(first.string("refresh_token"));
        assertThat(((Number) claims.get("exp")).longValue())
                .isLessThanOrEqualTo(((Number) claims.get("tenancy_fiat")).longValue() + FAMILY_SECONDS);

        String head = first.string("refresh_token");
        Thread.sleep(1_200);
        head = refreshOk(realm, SHORT_FAMILY, head).string("refresh_token");
        Thread.sleep(FAMILY_SECONDS * 1000L);

        // The token itself may already be past its (capped) expiry: either way the family is over.
        Http.Response expired = realm.refreshGrant(SHORT_FAMILY, head);
        assertThat(expired.status()).as(expired.toString()).isEqualTo(400);
        assertThat(expired.string("error")).isEqualTo("invalid_grant");
        assertThat(expired.string("error_description"))
                .isIn("Token is not active", "Refresh token family expired: maximum lifespan reached");
    }

    /**
     * Bad input fails with {@code invalid_grant} and a description, never with a 5xx, and never hurts the family the
     * token was cut from or pretends to be.
     */
    @Nested
    class BadInput {

        @Test
        void malformedTruncatedUnsignedForeignAndOtherClientsTokensAreInvalidGrants(
                TestRealm realm, KeycloakServer server) {
            String good = login(realm, ROTATING, "rita").string("refresh_token");
            String[] parts = good.split("\\.");

            assertInvalidGrant(realm.refreshGrant(ROTATING, "not-a-token"), "Invalid refresh token");
            assertInvalidGrant(
                    realm.refreshGrant(ROTATING, good.substring(0, good.length() - 10)), "Invalid refresh token");
            assertInvalidGrant(realm.refreshGrant(ROTATING, parts[0] + "." + parts[1]), "Invalid refresh token");
            String unsignedHeader = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            assertInvalidGrant(
                    realm.refreshGrant(ROTATING, unsignedHeader + "." + parts[1] + "."), "Invalid refresh token");
            // the same claims re-signed is impossible without the realm key; a token of another realm:
            String foreign = Http.form(
                            server.baseUrl() + "/realms/master/protocol/openid-connect/token",
                            Http.fields(
                                    "grant_type",
                                    "password",
                                    "client_id",
                                    "admin-cli",
                                    "username",
                                    KeycloakServer.ADMIN_USER,
                                    "password",
                                    KeycloakServer.ADMIN_PASSWORD))
                    .string("refresh_token");
            assertInvalidGrant(realm.refreshGrant(ROTATING, foreign), "Invalid refresh token");
            // a valid token of this realm, presented by another client
            assertInvalidGrant(realm.refreshGrant(GRACE, good), "Token client and authorized client don't match");

            // none of it touched the family
            refreshOk(realm, ROTATING, good);
        }

        @Test
        void anExpiredTokenIsAnInvalidGrantAndRevokesNothing(TestRealm realm) throws InterruptedException {
            String soonExpired = login(realm, SHORT_SESSION, "rita").string("refresh_token");
            String other = login(realm, ROTATING, "rita").string("refresh_token");
            Thread.sleep(3_000);
            assertInvalidGrant(realm.refreshGrant(SHORT_SESSION, soonExpired), "Token is not active");
            refreshOk(realm, ROTATING, other);
        }
    }
}
