package dev.tenancy.it.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.TestRealm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shared fixtures of the {@code Refresh*IT} classes (no tests); candidates to move into test-support's
 * {@code TestRealm}.
 */
public final class RefreshFixtures {

    /** Client attribute that the test policies' {@code client-attributes} condition matches on. */
    public static final String POLICY_TAG_ATTRIBUTE = "tenancy.refresh.policy";

    static final String EXECUTOR = "tenancy-refresh-rotation";
    public static final String INTROSPECTION_CLIENT = "refresh-it-introspector";
    public static final String INTROSPECTION_SECRET = "introspector-secret";
    static final String REDIRECT_URI = "http://localhost/cb";

    private RefreshFixtures() {}

    // ---- realm and clients ----

    /** A public client (direct grants and standard flow) tagged for the test policy {@code tag} (null: no policy). */
    public static String createPublicClient(
            TestRealm realm, String clientId, String tag, Map<String, String> extraAttributes) {
        Map<String, String> attributes = new LinkedHashMap<>(extraAttributes);
        if (tag != null) {
            attributes.put(POLICY_TAG_ATTRIBUTE, tag);
        }
        return realm.adminCreate(
                "/clients",
                Map.of(
                        "clientId",
                        clientId,
                        "publicClient",
                        true,
                        "directAccessGrantsEnabled",
                        true,
                        "standardFlowEnabled",
                        true,
                        "redirectUris",
                        List.of("http://localhost/*"),
                        "webOrigins",
                        List.of("+"),
                        "attributes",
                        attributes));
    }

    public static String createPublicClient(TestRealm realm, String clientId, String tag) {
        return createPublicClient(realm, clientId, tag, Map.of());
    }

    /**
     * The confidential client the tests introspect tokens with. Keycloak 26.7 answers {@code active:false} to a client
     * that is not in the token's audience, so a default client scope puts it there: call this BEFORE creating the
     * clients whose tokens are introspected.
     */
    public static void createIntrospectionClient(TestRealm realm) {
        realm.adminCreate(
                "/clients",
                Map.of(
                        "clientId",
                        INTROSPECTION_CLIENT,
                        "publicClient",
                        false,
                        "secret",
                        INTROSPECTION_SECRET,
                        "standardFlowEnabled",
                        false,
                        "directAccessGrantsEnabled",
                        false));
        String scopeId = realm.adminCreate(
                "/client-scopes",
                Map.of(
                        "name",
                        "introspector-audience",
                        "protocol",
                        "openid-connect",
                        "protocolMappers",
                        List.of(Map.of(
                                "name",
                                "introspector audience",
                                "protocol",
                                "openid-connect",
                                "protocolMapper",
                                "oidc-audience-mapper",
                                "config",
                                Map.of(
                                        "included.client.audience",
                                        INTROSPECTION_CLIENT,
                                        "access.token.claim",
                                        "true",
                                        "introspection.token.claim",
                                        "true")))));
        realm.adminOk("PUT", "/default-default-client-scopes/" + scopeId, null);
    }

    /** Saves REFRESH_TOKEN and REFRESH_TOKEN_ERROR events (not saved by default). */
    static void enableRefreshEvents(TestRealm realm) {
        realm.saveEvents("REFRESH_TOKEN", "REFRESH_TOKEN_ERROR", "LOGIN", "CODE_TO_TOKEN");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> events(TestRealm realm, String type, String userId) {
        return realm.adminCall("GET", "/events?type=" + type + "&user=" + userId + "&max=100", null).jsonList().stream()
                .map(e -> (Map<String, Object>) e)
                .toList();
    }

    // ---- tokens ----

    static Map<String, Object> claims(String token) {
        return Jwks.decodeUnverified(token);
    }

    public static String jti(String token) {
        return (String) claims(token).get("jti");
    }

    static String familyId(String refreshToken) {
        return (String) claims(refreshToken).get("tenancy_fid");
    }

    public static Http.Response login(TestRealm realm, String clientId, String username) {
        Http.Response response = realm.passwordGrant(clientId, username, "openid");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    public static Http.Response refreshOk(TestRealm realm, String clientId, String refreshToken) {
        Http.Response response = realm.refreshGrant(clientId, refreshToken);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    public static void assertInvalidGrant(Http.Response response, String descriptionPart) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.string("error")).as(response.toString()).isEqualTo("invalid_grant");
        assertThat(response.string("error_description")).as(response.toString()).contains(descriptionPart);
    }

    static boolean introspectionActive(TestRealm realm, String token) {
        Http.Response response = Http.form(
                realm.tokenEndpoint() + "/introspect",
                Http.fields("token", token, "client_id", INTROSPECTION_CLIENT, "client_secret", INTROSPECTION_SECRET));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return Boolean.TRUE.equals(response.json().get("active"));
    }

    public static int userinfoStatus(TestRealm realm, String accessToken) {
        return Http.get(realm.url() + "/protocol/openid-connect/userinfo", Http.bearer(accessToken))
                .status();
    }

    // ---- browser single sign-on: several clients in ONE user session ----

    /**
     * Logs in through {@code browser} with the code flow (the login form, or single sign-on when the browser's
     * cookies hold a session: {@link BrowserlessLogin#withClient} for another client of the same user session) and
     * exchanges the code.
     */
    static Http.Response codeLogin(BrowserlessLogin browser, String username) {
        BrowserlessLogin.Result result = browser.authorize("openid", username, null);
        assertThat(result.ok())
                .as(result.error() + ": " + result.errorDescription() + "\n" + result.lastPage())
                .isTrue();
        Http.Response tokens = browser.exchange(result);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return tokens;
    }
}
