package dev.tenancy.it.refresh;

import static dev.tenancy.it.CookieSessionClient.attributes;
import static dev.tenancy.it.CookieSessionClient.setCookies;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.CookieSessionClient;
import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Cookie mode at the protocol level (issue "SPA session persistence"): the {@code tenancy-session} endpoints over
 * plain HTTP, as an SPA calls them. Code exchange, refresh with rotation, tenant switch and logout; the cookie's
 * attributes; the bad-input matrix (4xx JSON, never 5xx); CSRF and CORS rules. The browser itself is exercised by
 * {@code CookieSessionBrowserIT}.
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
public class CookieSessionIT {

    static final String SPA = "spa";
    public static final String SPA_ORIGIN = "http://localhost:9999";
    static final String OTHER_SPA = "other-spa";
    static final String OTHER_ORIGIN = "http://localhost:9998";
    static final String PLAIN_SPA = "plain-spa";
    static final String CONFIDENTIAL = "confidential-app";
    static final String WILDCARD_SPA = "wildcard-spa";
    static final String FOREIGN_ORIGIN = "http://localhost:6666";
    static final int GRACE_SECONDS = 2;

    static String alice;
    static String bob;

    @BeforeAll
    static void setUp(TestRealm realm) {
        RefreshFixtures.createIntrospectionClient(realm);
        String spa = cookieClient(realm, SPA, List.of("+"), Map.of());
        cookieClient(realm, OTHER_SPA, List.of(OTHER_ORIGIN), Map.of());
        cookieClient(realm, WILDCARD_SPA, List.of("*"), Map.of());
        realm.adminCreate(
                "/clients",
                Map.of(
                        "clientId",
                        PLAIN_SPA,
                        "publicClient",
                        true,
                        "standardFlowEnabled",
                        true,
                        "redirectUris",
                        List.of(SPA_ORIGIN + "/*"),
                        "webOrigins",
                        List.of("+"),
                        "attributes",
                        Map.of("pkce.code.challenge.method", "S256")));
        realm.adminCreate(
                "/clients",
                Map.of(
                        "clientId",
                        CONFIDENTIAL,
                        "publicClient",
                        false,
                        "secret",
                        "s3cret",
                        "standardFlowEnabled",
                        true,
                        "redirectUris",
                        List.of(SPA_ORIGIN + "/*"),
                        "webOrigins",
                        List.of("+"),
                        "attributes",
                        Map.of("pkce.code.challenge.method", "S256", "tenancy.session.cookie-mode", "true")));
        realm.adminCreate(
                "/clients/" + spa + "/protocol-mappers/models",
                Map.of(
                        "name",
                        "active tenant",
                        "protocol",
                        "openid-connect",
                        "protocolMapper",
                        "oidc-tenant-mapper",
                        "config",
                        Map.of("claim.name", "tenant", "access.token.claim", "true", "id.token.claim", "true")));
        realm.installRefreshRotationPolicies(Map.of(
                "cookie", Map.of("rotation", true, "graceSeconds", GRACE_SECONDS, "replayRevokes", "user-session")));
        realm.saveEvents(
                "REFRESH_TOKEN",
                "REFRESH_TOKEN_ERROR",
                "CODE_TO_TOKEN",
                "CODE_TO_TOKEN_ERROR",
                "LOGOUT",
                "LOGOUT_ERROR");

        alice = realm.createUser("alice", "alice@acme.test");
        bob = realm.createUser("bob", "bob@acme.test");
        String acme = realm.createOrganization("acme", "Acme Corp", "acme.test");
        String globex = realm.createOrganization("globex", "Globex Inc", "globex.test");
        String initech = realm.createOrganization("initech", "Initech", "initech.test");
        realm.addMember(acme, alice);
        realm.addMember(globex, alice);
        realm.addMember(initech, alice);
        realm.addMember(acme, bob);
        realm.setOrganizationEnabled(initech, false);
        // alice is a member, but her password-only session does not meet its policy (a second factor for everyone)
        String hooli = realm.createOrganization("hooli", "Hooli", "hooli.test");
        realm.addMember(hooli, alice);
        Http.Response policy = realm.putTenantPolicyAttributes(hooli, Map.of("tenancy.policy.mfa", List.of("all")));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(204);
    }

    /** A cookie-mode client: public, PKCE S256, the cookie-mode attribute, tagged for the rotation policy. */
    public static String cookieClient(
            TestRealm realm, String clientId, List<String> webOrigins, Map<String, String> extra) {
        Map<String, String> attributes = new LinkedHashMap<>(Map.of(
                "pkce.code.challenge.method",
                "S256",
                "tenancy.session.cookie-mode",
                "true",
                RefreshFixtures.POLICY_TAG_ATTRIBUTE,
                "cookie"));
        attributes.putAll(extra);
        String origin = webOrigins.contains(OTHER_ORIGIN) ? OTHER_ORIGIN : SPA_ORIGIN;
        return realm.adminCreate(
                "/clients",
                Map.of(
                        "clientId",
                        clientId,
                        "publicClient",
                        true,
                        "standardFlowEnabled",
                        true,
                        "directAccessGrantsEnabled",
                        false,
                        "redirectUris",
                        List.of(origin + "/*"),
                        "webOrigins",
                        webOrigins,
                        "attributes",
                        attributes));
    }

    static CookieSessionClient spa(TestRealm realm) {
        return new CookieSessionClient(realm, SPA, SPA_ORIGIN);
    }

    static Map<String, Object> tenantOf(TestRealm realm, Http.Response tokens) {
        return (Map<String, Object>)
                Jwks.verify(realm.url(), tokens.string("access_token")).get("tenant");
    }

    public static void assertError(Http.Response response, int status, String error, String descriptionPart) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.string("error")).as(response.toString()).isEqualTo(error);
        assertThat(response.string("error_description")).as(response.toString()).contains(descriptionPart);
        assertThat(setCookies(response))
                .as("no cookie is set by a refused request")
                .isEmpty();
    }

    static int refreshEvents(TestRealm realm, String userId) {
        return RefreshFixtures.events(realm, "REFRESH_TOKEN", userId).size();
    }

    static int userSessions(TestRealm realm, String userId) {
        return realm.adminCall("GET", "/users/" + userId + "/sessions", null)
                .jsonList()
                .size();
    }

    static void sleepSeconds(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class CodeExchange {

        @Test
        void theBodyHoldsTheAccessAndIdTokensAndOnlyTheCookieHoldsTheRefreshToken(TestRealm realm) {
            CookieSessionClient spa = spa(realm);
            Http.Response tokens = spa.signIn("alice", "openid organization:acme");

            assertThat(tokens.json())
                    .containsKeys("access_token", "id_token", "expires_in", "token_type")
                    .doesNotContainKey("refresh_token");
            assertThat(tokenOf(tokens)).doesNotContain(spa.cookie());
            assertThat(tenantOf(realm, tokens)).containsEntry("alias", "acme");
            Map<String, Object> idToken = Jwks.verify(realm.url(), tokens.string("id_token"));
            assertThat(idToken).containsEntry("azp", SPA);

            List<String> cookies = setCookies(tokens);
            assertThat(cookies).hasSize(1);
            Map<String, String> cookie = attributes(cookies.get(0));
            assertThat(cookie)
                    .containsEntry("name", "tenancy_rt")
                    .containsEntry("path", spa.cookiePath())
                    .containsEntry("httponly", "")
                    .containsEntry("secure", "")
                    .containsEntry("samesite", "Strict")
                    .doesNotContainKey("domain");
            assertThat(Integer.parseInt(cookie.get("max-age"))).isPositive();
            Map<String, Object> refreshToken = Jwks.decodeUnverified(cookie.get("value"));
            assertThat(refreshToken)
                    .containsEntry("typ", "Refresh")
                    .containsEntry("azp", SPA)
                    .containsKey("tenancy_fid");
        }

        private static String tokenOf(Http.Response tokens) {
            return tokens.body();
        }

        @Test
        void theTokenResponseAnswersTheSpasOriginWithCredentials(TestRealm realm) {
            Http.Response tokens = spa(realm).signIn("alice", "openid organization:acme");
            assertThat(tokens.header("Access-Control-Allow-Origin")).isEqualTo(SPA_ORIGIN);
            assertThat(tokens.header("Access-Control-Allow-Credentials")).isEqualTo("true");
            assertThat(tokens.header("Cache-Control")).contains("no-store");
        }

        @Test
        void aMissingVerifierIsRefused(TestRealm realm) {
            CookieSessionClient spa = spa(realm);
            BrowserlessLogin.Result code = spa.authorize("alice", "openid");
            assertError(
                    spa.call("token", "code", code.code(), "redirect_uri", spa.redirectUri),
                    400,
                    "invalid_grant",
                    "PKCE code verifier not specified");
        }

        @Test
        void aWrongVerifierIsRefused(TestRealm realm) {
            CookieSessionClient spa = spa(realm);
            BrowserlessLogin.Result code = spa.authorize("alice", "openid");
            assertError(
                    spa.exchange(code.code(), code.codeVerifier().substring(1) + "x"),
                    400,
                    "invalid_grant",
                    "PKCE verification failed");
        }

        @Test
        void aReusedCodeIsRefused(TestRealm realm) {
            CookieSessionClient spa = spa(realm);
            BrowserlessLogin.Result code = spa.authorize("alice", "openid");
            assertThat(spa.exchange(code.code(), code.codeVerifier()).status()).isEqualTo(200);
            assertError(spa.exchange(code.code(), code.codeVerifier()), 400, "invalid_grant", "Code not valid");
        }

        @Test
        void aWrongRedirectUriIsRefused(TestRealm realm) {
            CookieSessionClient spa = spa(realm);
            BrowserlessLogin.Result code = spa.authorize("alice", "openid");
            assertError(
                    spa.call(
                            "token",
                            "code",
                            code.code(),
                            "code_verifier",
                            code.codeVerifier(),
                            "redirect_uri",
                            SPA_ORIGIN + "/elsewhere"),
                    400,
                    "invalid_grant",
                    "Incorrect redirect_uri");
        }

        @Test
        void aCodeOfAnotherClientIsRefused(TestRealm realm) {
            BrowserlessLogin.Result other =
                    new CookieSessionClient(realm, OTHER_SPA, OTHER_ORIGIN).authorize("alice", "openid");
            CookieSessionClient spa = spa(realm);
            assertError(
                    spa.call(
                            "token",
                            "code",
                            other.code(),
                            "code_verifier",
                            other.codeVerifier(),
                            "redirect_uri",
                            OTHER_ORIGIN + "/app/"),
                    400,
                    "invalid_grant",
                    "");
        }

        @Test
        void aMissingOrGarbageCodeIsRefused(TestRealm realm) {
            CookieSessionClient spa = spa(realm);
            assertError(
                    spa.call("token", "code_verifier", "v", "redirect_uri", spa.redirectUri),
                    400,
                    "invalid_request",
                    "Missing parameter: code");
            assertError(
                    spa.call("token", "code", "not-a-code", "code_verifier", "v", "redirect_uri", spa.redirectUri),
                    400,
                    "invalid_grant",
                    "Code not valid");
        }

        @Test
        void fieldsTheEndpointDoesNotTakeAreRefused(TestRealm realm) {
            CookieSessionClient spa = spa(realm);
            assertError(
                    spa.call("token", "code", "c", "refresh_token", "r"),
                    400,
                    "invalid_request",
                    "never sent in the body");
            assertError(
                    spa.call("token", "code", "c", "client_secret", "s"),
                    400,
                    "invalid_request",
                    "Unexpected parameter 'client_secret'");
            assertError(
                    spa.call("token", "code", "c", "grant_type", "password"),
                    400,
                    "invalid_request",
                    "Unexpected parameter 'grant_type'");
        }

        @Test
        void aBodyThatIsNotAFormIsRefused(TestRealm realm) {
            CookieSessionClient spa = spa(realm);
            Http.Response response = CookieSessionClient.raw(
                    "POST", spa.endpoint("token"), "{\"code\":\"c\"}", "application/json", spa.spaHeaders());
            assertError(response, 400, "invalid_request", "application/x-www-form-urlencoded");
        }

        @Test
        void aContentTypeThatIsNoMediaTypeIsRefusedWith400Not500(TestRealm realm) {
            // found by EndpointFuzzIT: the media type was parsed unguarded
            CookieSessionClient spa = spa(realm);
            Http.Response response =
                    CookieSessionClient.raw("POST", spa.endpoint("token"), "code=c", "???", spa.spaHeaders());
            assertError(response, 400, "invalid_request", "application/x-www-form-urlencoded");
        }
    }

    @Nested
    class Refresh {

        @Test
        void rotatesTheCookieAndReturnsAFreshAccessTokenInTheSameTenant(TestRealm realm) {
            CookieSessionClient spa = spa(realm);
            spa.signIn("alice", "openid organization:acme");
            String first = spa.cookie();

            Http.Response refreshed = spa.call("refresh");
            assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
            assertThat(refreshed.json())
                    .containsKeys("access_token", "expires_in")
                    .doesNotContainKey("refresh_token");
            assertThat(tenantOf(realm, refreshed)).containsEntry("alias", "acme");
            assertThat(spa.cookie()).isNotEqualTo(first);
            assertThat(Jwks.decodeUnverified(spa.cookie()).get("tenancy_fid"))
                    .isEqualTo(Jwks.decodeUnverified(first).get("tenancy_fid"));
            assertThat(attributes(setCookies(refreshed).get(0))).containsEntry("path", spa.cookiePath());

            Map<String, Object> event =
                    RefreshFixtures.events(realm, "REFRESH_TOKEN", alice).get(0);
            Map<String, Object> details = (Map<String, Object>) event.get("details");
            assertThat(details).containsEntry("tenancy_session", "cookie");
            assertThat(details.get("tenancy_rotation")).isIn("start", "rotate");
        }

        @Test
        void withoutTheCookieItIs401(TestRealm realm) {
            assertError(spa(realm).call("refresh"), 401, "invalid_token", "No session cookie");
        }

        @Test
        void aBodylessPostWithoutContentTypeWorks(TestRealm realm) {
            CookieSessionClient spa = spa(realm);
            spa.signIn("alice", "openid organization:acme");
            Map<String, String> headers = new LinkedHashMap<>(spa.spaHeaders());
            headers.put("Cookie", CookieSessionClient.COOKIE_NAME + "=" + spa.cookie());
            Http.Response response = CookieSessionClient.raw("POST", spa.endpoint("refresh"), null, null, headers);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(tenantOf(realm, response)).containsEntry("alias", "acme");
        }

        @Test
        void aTamperedCookieIsRefused(TestRealm realm) {
            CookieSessionClient spa = spa(realm);
            spa.signIn("alice", "openid organization:acme");
            String[] parts = spa.cookie().split("\\.");
            String payload = parts[1].substring(0, parts[1].length() - 2) + (parts[1].endsWith("A") ? "BB" : "AA");
            spa.cookie(parts[0] + "." + payload + "." + parts[2]);
            assertError(spa.call("refresh"), 400, "invalid_grant", "Invalid refresh token");
            spa.cookie("garbage");
            assertError(spa.call("refresh"), 400, "invalid_grant", "Invalid refresh token");
        }

        @Test
        void theSameCookieTwiceWithinTheGraceWindowIsNoReplay(TestRealm realm) {
            CookieSessionClient spa = spa(realm);
            spa.signIn("alice", "openid organization:acme");
            String spent = spa.cookie();
            assertThat(spa.call("refresh").status()).isEqualTo(200);
            String head = spa.cookie();
            spa.cookie(spent); // a second tab that still sent the old cookie
            Http.Response grace = spa.call("refresh");
            assertThat(grace.status()).as(grace.toString()).isEqualTo(200);
            assertThat(RefreshFixtures.jti(spa.cookie())).isEqualTo(RefreshFixtures.jti(head));
            assertThat(spa.call("refresh").status()).isEqualTo(200);
        }

        @Test
        void aStolenCookieReplayedAfterRotationEndsTheSessionForTheRealTabToo(TestRealm realm) {
            String erin = realm.createUser("erin-replay", "erin-replay@acme.test");
            CookieSessionClient tab = spa(realm);
            tab.signIn("erin-replay", "openid");
            String stolen = tab.cookie();
            assertThat(tab.call("refresh").status()).isEqualTo(200);
            sleepSeconds(GRACE_SECONDS + 1.2);

            CookieSessionClient thief = spa(realm);
            thief.cookie(stolen);
            assertError(thief.call("refresh"), 400, "invalid_grant", "replay");
            assertError(tab.call("refresh"), 400, "invalid_grant", "");
            assertThat(userSessions(realm, erin))
                    .as("user-session revocation ended the login")
                    .isZero();
        }

        @Test
        void theCookieOfOneClientIsWorthlessAtAnother(TestRealm realm) {
            CookieSessionClient spa = spa(realm);
            spa.signIn("alice", "openid");
            CookieSessionClient other = new CookieSessionClient(realm, OTHER_SPA, OTHER_ORIGIN);
            other.cookie(spa.cookie());
            assertError(other.call("refresh"), 400, "invalid_grant", "");
        }
    }

    @Nested
    class Switch {

        @Test
        void switchesTheChainToTheTargetTenantAndRotatesTheCookie(TestRealm realm) {
            CookieSessionClient spa = spa(realm);
            spa.signIn("alice", "openid organization:acme");
            String before = spa.cookie();

            Http.Response switched = spa.call("switch", "tenant", "globex");
            assertThat(switched.status()).as(switched.toString()).isEqualTo(200);
            assertThat(switched.json()).doesNotContainKey("refresh_token");
            assertThat(tenantOf(realm, switched)).containsEntry("alias", "globex");
            assertThat(spa.cookie()).isNotEqualTo(before);

            Http.Response refreshed = spa.call("refresh");
            assertThat(tenantOf(realm, refreshed))
                    .as("the chain continues in the new tenant")
                    .containsEntry("alias", "globex");
            Map<String, Object> event = RefreshFixtures.events(realm, "REFRESH_TOKEN", alice).stream()
                    .filter(e -> "globex".equals(((Map<String, Object>) e.get("details")).get("to_tenant")))
                    .findFirst()
                    .orElseThrow();
            assertThat((Map<String, Object>) event.get("details"))
                    .containsEntry("from_tenant", "acme")
                    .containsEntry("tenancy_session", "cookie");
        }

        @Test
        void anUnknownDisabledOrForeignTenantIsRefusedAndTheSessionStaysWhereItWas(TestRealm realm) {
            CookieSessionClient alices = spa(realm);
            alices.signIn("alice", "openid organization:acme");
            assertError(
                    alices.call("switch", "tenant", "nowhere"),
                    400,
                    "invalid_grant",
                    "Cannot switch to tenant 'nowhere'");
            assertError(
                    alices.call("switch", "tenant", "initech"),
                    400,
                    "invalid_grant",
                    "Cannot switch to tenant 'initech'");
            assertThat(tenantOf(realm, alices.call("refresh"))).containsEntry("alias", "acme");

            CookieSessionClient bobs = spa(realm);
            bobs.signIn("bob", "openid");
            assertError(
                    bobs.call("switch", "tenant", "globex"), 400, "invalid_grant", "Cannot switch to tenant 'globex'");
        }

        /** The target tenant's policy is checked as on a refresh-token switch: step-up first (tenant policies issue). */
        @Test
        void aTenantWhosePolicyTheSessionDoesNotMeetIsRefusedWithInteractionRequired(TestRealm realm) {
            CookieSessionClient spa = spa(realm);
            spa.signIn("alice", "openid organization:acme");
            String before = spa.cookie();
            assertError(
                    spa.call("switch", "tenant", "hooli"),
                    400,
                    "interaction_required",
                    "Tenant 'hooli' requires multi-factor authentication");
            assertThat(spa.cookie()).isEqualTo(before);
            assertThat(tenantOf(realm, spa.call("refresh"))).containsEntry("alias", "acme");
            Map<String, Object> refresh =
                    RefreshFixtures.events(realm, "REFRESH_TOKEN", alice).get(0);
            assertThat((Map<String, Object>) refresh.get("details"))
                    .as("the refused switch did not spend the cookie: "
                            + "the next refresh is the family's first rotation, not a grace copy")
                    .containsEntry("tenancy_rotation", "start");
        }

        @Test
        void aMissingOrMalformedTenantIsRefused(TestRealm realm) {
            CookieSessionClient spa = spa(realm);
            spa.signIn("alice", "openid organization:acme");
            assertError(spa.call("switch"), 400, "invalid_request", "Missing form parameter: tenant");
            assertError(spa.call("switch", "tenant", "a b"), 400, "invalid_request", "Invalid 'tenant' parameter");
            assertError(spa(realm).call("switch", "tenant", "globex"), 401, "invalid_token", "No session cookie");
        }
    }

    @Nested
    class Logout {

        @Test
        void endsTheUserSessionAndClearsTheCookie(TestRealm realm) {
            String carol = realm.createUser("carol-logout", "carol-logout@acme.test");
            CookieSessionClient spa = spa(realm);
            spa.signIn("carol-logout", "openid");
            String cookie = spa.cookie();
            assertThat(userSessions(realm, carol)).isEqualTo(1);

            Http.Response logout = spa.call("logout");
            assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
            Map<String, String> cleared = attributes(setCookies(logout).get(0));
            assertThat(cleared)
                    .containsEntry("name", "tenancy_rt")
                    .containsEntry("value", "")
                    .containsEntry("max-age", "0")
                    .containsEntry("path", spa.cookiePath());
            assertThat(spa.cookie()).isNull();
            assertThat(userSessions(realm, carol)).isZero();

            spa.cookie(cookie);
            assertError(spa.call("refresh"), 400, "invalid_grant", "");
        }

        @Test
        void withoutTheCookieItIs401(TestRealm realm) {
            assertError(spa(realm).call("logout"), 401, "invalid_token", "No session cookie");
        }
    }

    @Nested
    class CrossSiteRequests {

        @Test
        void aRequestWithoutTheHeaderOrFromAnotherOriginIsRefusedAndChangesNothing(TestRealm realm) {
            String dan = realm.createUser("dan-csrf", "dan-csrf@acme.test");
            CookieSessionClient spa = spa(realm);
            spa.signIn("dan-csrf", "openid");
            String cookie = spa.cookie();
            int refreshesBefore = refreshEvents(realm, dan);

            List<Map<String, String>> forged = List.of(
                    Map.of("Origin", SPA_ORIGIN), // no CSRF header: a form post
                    Map.of("Origin", SPA_ORIGIN, CookieSessionClient.CSRF_HEADER, "yes"),
                    Map.of(CookieSessionClient.CSRF_HEADER, "1"), // no Origin
                    Map.of("Origin", "null", CookieSessionClient.CSRF_HEADER, "1"),
                    Map.of("Origin", FOREIGN_ORIGIN, CookieSessionClient.CSRF_HEADER, "1"),
                    Map.of("Origin", FOREIGN_ORIGIN));
            for (String operation : List.of("refresh", "switch", "logout", "token")) {
                for (Map<String, String> headers : forged) {
                    Http.Response response = spa.post(operation, Http.fields("tenant", "acme"), headers);
                    assertError(response, 403, "access_denied", "Refused");
                    assertThat(response.header("Access-Control-Allow-Origin"))
                            .as("no CORS for a foreign origin")
                            .isNotEqualTo(FOREIGN_ORIGIN);
                }
            }
            assertThat(spa.cookie()).isEqualTo(cookie);
            assertThat(refreshEvents(realm, dan)).as("no refresh happened").isEqualTo(refreshesBefore);
            assertThat(userSessions(realm, dan)).as("no logout happened").isEqualTo(1);
            assertThat(spa.call("refresh").status()).isEqualTo(200);
        }

        @Test
        void aWildcardWebOriginAllowsNoOrigin(TestRealm realm) {
            CookieSessionClient wildcard = new CookieSessionClient(realm, WILDCARD_SPA, SPA_ORIGIN);
            assertError(wildcard.call("refresh"), 403, "access_denied", "is not a web origin");
        }

        @Test
        void thePreflightAnswersOnlyTheClientsOrigins(TestRealm realm) {
            CookieSessionClient spa = spa(realm);
            Http.Response allowed = CookieSessionClient.raw(
                    "OPTIONS",
                    spa.endpoint("refresh"),
                    null,
                    null,
                    Map.of(
                            "Origin",
                            SPA_ORIGIN,
                            "Access-Control-Request-Method",
                            "POST",
                            "Access-Control-Request-Headers",
                            "content-type,x-tenancy-csrf"));
            assertThat(allowed.status()).isEqualTo(204);
            assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(SPA_ORIGIN);
            assertThat(allowed.header("Access-Control-Allow-Credentials")).isEqualTo("true");
            assertThat(allowed.header("Access-Control-Allow-Methods")).isEqualTo("POST");
            assertThat(allowed.header("Access-Control-Allow-Headers"))
                    .contains("X-Tenancy-CSRF")
                    .contains("Content-Type");

            Http.Response foreign = CookieSessionClient.raw(
                    "OPTIONS",
                    spa.endpoint("refresh"),
                    null,
                    null,
                    Map.of("Origin", FOREIGN_ORIGIN, "Access-Control-Request-Method", "POST"));
            assertThat(foreign.status()).isEqualTo(403);
            assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();

            Http.Response put = CookieSessionClient.raw(
                    "OPTIONS",
                    spa.endpoint("logout"),
                    null,
                    null,
                    Map.of("Origin", SPA_ORIGIN, "Access-Control-Request-Method", "PUT"));
            assertThat(put.status()).isEqualTo(403);

            Http.Response unknown = CookieSessionClient.raw(
                    "OPTIONS",
                    spa.endpoint("steal"),
                    null,
                    null,
                    Map.of("Origin", SPA_ORIGIN, "Access-Control-Request-Method", "POST"));
            assertThat(unknown.status()).isEqualTo(404);
        }

        @Test
        void errorsToTheClientsOriginCarryCorsSoTheSpaCanReadThem(TestRealm realm) {
            Http.Response response = spa(realm).call("refresh");
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(SPA_ORIGIN);
            assertThat(response.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        }
    }

    @Nested
    class Clients {

        @Test
        void anUnknownClientIs401(TestRealm realm) {
            assertError(
                    new CookieSessionClient(realm, "nobody", SPA_ORIGIN).call("refresh"),
                    401,
                    "invalid_client",
                    "Unknown or disabled client");
        }

        @Test
        void aClientWithoutCookieModeIs403(TestRealm realm) {
            assertError(
                    new CookieSessionClient(realm, PLAIN_SPA, SPA_ORIGIN).call("refresh"),
                    403,
                    "unauthorized_client",
                    "tenancy.session.cookie-mode");
        }

        @Test
        void aConfidentialClientCannotUseCookieMode(TestRealm realm) {
            assertError(
                    new CookieSessionClient(realm, CONFIDENTIAL, SPA_ORIGIN).call("token", "code", "c"),
                    403,
                    "unauthorized_client",
                    "not a public client");
        }

        @Test
        void theHelperIsServedToAnyOrigin(TestRealm realm) {
            Http.Response helper =
                    Http.get(realm.url() + "/tenancy-session/tenancy-session.js", Map.of("Origin", FOREIGN_ORIGIN));
            assertThat(helper.status()).isEqualTo(200);
            assertThat(helper.header("Content-Type")).startsWith("text/javascript");
            assertThat(helper.header("Access-Control-Allow-Origin")).isEqualTo("*");
            assertThat(helper.body()).contains("export class TenancySession");
        }

        @Test
        void aBrowserThatHasTheHelperRevalidatesItWithoutGettingItAgain(TestRealm realm) {
            String url = realm.url() + "/tenancy-session/tenancy-session.js";
            Http.Response first = Http.get(url, Map.of("Origin", FOREIGN_ORIGIN));
            String etag = first.header("ETag");
            assertThat(etag).as("a strong tag").matches("\"[A-Za-z0-9_-]+\"");
            assertThat(first.header("Cache-Control"))
                    .as("revalidated on every use")
                    .isEqualTo("no-cache");

            Http.Response unchanged = Http.get(url, Map.of("Origin", FOREIGN_ORIGIN, "If-None-Match", etag));
            assertThat(unchanged.status()).isEqualTo(304);
            assertThat(unchanged.body()).isEmpty();
            assertThat(unchanged.header("ETag")).isEqualTo(etag);
            assertThat(unchanged.header("Access-Control-Allow-Origin")).isEqualTo("*");

            Http.Response other = Http.get(url, Map.of("If-None-Match", "\"an-older-script\""));
            assertThat(other.status())
                    .as("another version's tag gets the script")
                    .isEqualTo(200);
            assertThat(other.body()).isEqualTo(first.body());
            assertThat(Http.get(url, Map.of()).header("ETag"))
                    .as("the same tag at each request")
                    .isEqualTo(etag);
        }
    }
}
