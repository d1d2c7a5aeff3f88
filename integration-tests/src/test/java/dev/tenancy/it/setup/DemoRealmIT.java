package dev.tenancy.it.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.CookieSessionClient;
import dev.tenancy.it.HttpFormNavigator;
import dev.tenancy.it.login.LoginPrivacyIT;
import dev.tenancy.it.policy.TenantPolicySmsIT;
import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.KeycloakServer;
import dev.tenancy.testsupport.SmsSink;
import dev.tenancy.testsupport.Totp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo realm file (demo/realm/tenancy-demo-realm.json), imported as the demo imports it, works: tenants, roles,
 * the "tenancy browser" flow with Tenant selection and its tenant picker with the last tenant marked (after the
 * password: the page after a username is the same for a member and an unknown name), and acme's branding on the
 * tenancy login theme.
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class DemoRealmIT {

    static final String REALM = "tenancy-demo";
    static final String SPA = "tenancy-demo-spa";
    static final String COOKIE_SPA = "tenancy-demo-spa-cookie";
    static final String REDIRECT = "http://localhost:5173/";

    static String realmUrl;

    @BeforeAll
    static void importDemoRealm(KeycloakServer server) throws IOException {
        Path file =
                Path.of(System.getProperty("tenancy.repo.root", "..")).resolve("demo/realm/tenancy-demo-realm.json");
        if (server.admin().realms().findAll().stream()
                .anyMatch(r -> r.getRealm().equals(REALM))) {
            server.admin().realm(REALM).remove();
        }
        Http.Response created = Http.json(
                "POST",
                server.baseUrl() + "/admin/realms",
                Files.readString(file),
                Http.bearer(server.admin().tokenManager().getAccessTokenString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        realmUrl = server.baseUrl() + "/realms/" + REALM;
    }

    @AfterAll
    static void removeDemoRealm(KeycloakServer server) {
        server.admin().realm(REALM).remove();
    }

    static Map<String, Object> login(BrowserlessLogin browser, String scope, String user, String password) {
        return login(browser, scope, user, password, null);
    }

    /** Signs in; {@code tenant} answers the tenant picker if it is shown. */
    static Map<String, Object> login(
            BrowserlessLogin browser, String scope, String user, String password, String tenant) {
        BrowserlessLogin.Result result =
                browser.authorize(scope, Http.fields("username", user, "password", password, "kc.org", tenant));
        assertThat(result.ok())
                .as("%s: %s", result.error(), result.errorDescription())
                .isTrue();
        Http.Response tokens = browser.exchange(result);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return Jwks.verify(realmUrl, tokens.string("access_token"));
    }

    @Test
    void aliceIsAdminInAcmeAndMemberInGlobex() {
        Map<String, Object> acme = (Map<String, Object>)
                login(new BrowserlessLogin(realmUrl, SPA, REDIRECT), "openid organization:acme", "alice", "alice-demo")
                        .get("tenant");
        assertThat(acme).containsEntry("alias", "acme").containsEntry("groups", List.of("/admins"));
        assertThat(acme.get("resource_access")).isEqualTo(Map.of(SPA, Map.of("roles", List.of("admin"))));

        Map<String, Object> globex = (Map<String, Object>) login(
                        new BrowserlessLogin(realmUrl, SPA, REDIRECT),
                        "openid organization:globex",
                        "alice",
                        "alice-demo")
                .get("tenant");
        assertThat(globex).containsEntry("alias", "globex").containsEntry("groups", List.of("/members"));
    }

    @Test
    void theDemoFlowShowsThePickerWithTheLastTenantMarkedAndServesSingleTenantUsersDirectly() {
        login(new BrowserlessLogin(realmUrl, SPA, REDIRECT), "openid organization:globex", "alice", "alice-demo");
        BrowserlessLogin.Result picker = new BrowserlessLogin(realmUrl, SPA, REDIRECT)
                .authorize("openid", Http.fields("username", "alice", "password", "alice-demo"));
        assertThat(picker.error()).isEqualTo("tenant_picker");
        assertThat(picker.lastPage())
                .contains("id=\"tenancy-picker\"")
                .contains("Acme Corporation")
                .containsPattern("value=\"globex\"[^>]*\s+class=\"tenancy-picker-button tenancy-picker-last\"");
        Map<String, Object> picked =
                login(new BrowserlessLogin(realmUrl, SPA, REDIRECT), "openid", "alice", "alice-demo", "globex");
        assertThat((Map<String, Object>) picked.get("tenant")).containsEntry("alias", "globex");

        Map<String, Object> bob = login(new BrowserlessLogin(realmUrl, SPA, REDIRECT), "openid", "bob", "bob-demo");
        assertThat((Map<String, Object>) bob.get("tenant")).containsEntry("alias", "acme");
        Map<String, Object> carol =
                login(new BrowserlessLogin(realmUrl, SPA, REDIRECT), "openid", "carol", "carol-demo");
        assertThat(carol).doesNotContainKey("tenant");
    }

    @Test
    void theDemoPasswordPageAfterAUsernameIsTheSameForAliceAndForAnUnknownName() {
        String auth = realmUrl + "/protocol/openid-connect/auth?client_id=" + SPA + "&redirect_uri=" + REDIRECT
                + "&response_type=code&scope=openid&state=s&nonce=n&code_challenge_method=S256"
                + "&code_challenge=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"; // the page only, no exchange
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        for (String name : List.of("alice", "nobody-at-all")) {
            HttpFormNavigator browser = new HttpFormNavigator();
            HttpFormNavigator.Page password = browser.submit(browser.open(auth, null), Map.of("username", name), null);
            assertThat(password.body())
                    .as("the password page")
                    .contains("name=\"password\"")
                    .doesNotContain("acme")
                    .doesNotContain("globex")
                    .doesNotContain("Acme Corporation")
                    .doesNotContain("tenancy-picker")
                    .doesNotContain("tenancy-brand");
            pages.put(name, LoginPrivacyIT.normalised(password.body(), name));
        }
        assertThat(pages.get("alice")).isEqualTo(pages.get("nobody-at-all"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void initechRequiresASecondFactorDaveSetsUpTotpThenUsesIt() {
        Totp app = new Totp("dave", "dave-demo");
        BrowserlessLogin first = new BrowserlessLogin(realmUrl, SPA, REDIRECT);
        BrowserlessLogin.Result setup = first.authorize("openid organization:initech", app);
        assertThat(setup.ok())
                .as("%s: %s", setup.error(), setup.errorDescription())
                .isTrue();
        assertThat(app.secret()).as("Initech made dave set up TOTP").isNotNull();

        BrowserlessLogin second = new BrowserlessLogin(realmUrl, SPA, REDIRECT);
        BrowserlessLogin.Result result = second.authorize("openid organization:initech", app);
        assertThat(result.ok())
                .as("%s: %s", result.error(), result.errorDescription())
                .isTrue();
        Map<String, Object> claims =
                Jwks.verify(realmUrl, second.exchange(result).string("access_token"));
        assertThat((Map<String, Object>) claims.get("tenant")).containsEntry("alias", "initech");
        assertThat((List<String>) claims.get("amr")).contains("pwd", "otp");
    }

    /**
     * Umbrella requires SMS: with the realm's gateway pointed at {@link SmsSink} instead of the demo API's printer and
     * the setup action registered as demo/run.sh does, erin enrols a number at her first login and signs in with the
     * texted code at the next.
     */
    @Test
    @SuppressWarnings("unchecked")
    void umbrellaRequiresAnSmsCodeErinEnrolsHerNumberThenUsesIt(KeycloakServer server) {
        String token = server.admin().tokenManager().getAccessTokenString();
        String admin = server.baseUrl() + "/admin/realms/" + REALM;
        Http.Response registered = Http.json(
                "POST",
                admin + "/authentication/register-required-action",
                Map.of("providerId", "tenancy-sms-phone", "name", "Set up SMS one-time codes"),
                Http.bearer(token));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(204);
        Map<String, Object> sms = Http.get(
                        admin + "/authentication/flows/tenancy%20tenant%20mfa/executions", Http.bearer(token))
                .jsonList()
                .stream()
                .map(e -> (Map<String, Object>) e)
                .filter(e -> "tenancy-sms-otp".equals(e.get("providerId")))
                .findFirst()
                .orElseThrow();
        String configUrl = admin + "/authentication/config/" + sms.get("authenticationConfig");
        Map<String, Object> config = Http.get(configUrl, Http.bearer(token)).json();
        assertThat(((Map<String, String>) config.get("config")).get("tenancy.sms.url"))
                .isEqualTo("http://localhost:8081/demo-sms");
        try (SmsSink gateway = SmsSink.start()) {
            ((Map<String, String>) config.get("config")).put("tenancy.sms.url", gateway.webhookUrl());
            assertThat(Http.json("PUT", configUrl, config, Http.bearer(token)).status())
                    .isEqualTo(204);
            String[] codes = new String[2];
            BrowserlessLogin.FieldSource erin = page -> {
                Map<String, String> values = Http.fields("username", "erin", "password", "erin-demo");
                if (page.contains("name=\"tenancy-sms-phone\"")) {
                    values.put("tenancy-sms-phone", "+49 151 0000 0042");
                } else if (page.contains("name=\"tenancy-sms-code\"")) {
                    java.util.regex.Matcher code = TenantPolicySmsIT.CODE.matcher(
                            gateway.next(java.time.Duration.ofSeconds(30)).text());
                    assertThat(code.find()).isTrue();
                    codes[codes[0] == null ? 0 : 1] = code.group(1);
                    values.put("tenancy-sms-code", code.group(1));
                }
                return values;
            };
            BrowserlessLogin first = new BrowserlessLogin(realmUrl, SPA, REDIRECT);
            BrowserlessLogin.Result enrolled = first.authorize("openid organization:umbrella", erin);
            assertThat(enrolled.ok())
                    .as("%s: %s", enrolled.error(), enrolled.errorDescription())
                    .isTrue();
            BrowserlessLogin second = new BrowserlessLogin(realmUrl, SPA, REDIRECT);
            BrowserlessLogin.Result result = second.authorize("openid organization:umbrella", erin);
            assertThat(result.ok())
                    .as("%s: %s", result.error(), result.errorDescription())
                    .isTrue();
            assertThat(codes[1])
                    .as("a code texted at enrolment and at the next login")
                    .isNotNull();
            Map<String, Object> claims =
                    Jwks.verify(realmUrl, second.exchange(result).string("access_token"));
            assertThat((Map<String, Object>) claims.get("tenant")).containsEntry("alias", "umbrella");
            assertThat((List<String>) claims.get("amr")).contains("pwd", "otp");
        }
    }

    @Test
    void theDemoPasswordPolicyAppliesAcmesRules(KeycloakServer server) {
        String token = server.admin().tokenManager().getAccessTokenString();
        String bob = (String) ((Map<String, Object>) Http.get(
                                server.baseUrl() + "/admin/realms/" + REALM + "/users?exact=true&username=bob",
                                Http.bearer(token))
                        .jsonList()
                        .get(0))
                .get("id");
        Http.Response tooShort = Http.json(
                "PUT",
                server.baseUrl() + "/admin/realms/" + REALM + "/users/" + bob + "/reset-password",
                Map.of("type", "password", "value", "bob-demo-1", "temporary", false),
                Http.bearer(token));
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.string("error")).isEqualTo("invalidPasswordMinLengthMessage");
    }

    /**
     * alice, admin in acme, administers acme through the tenant API: acme's {@code admins} group maps the tenant
     * permission {@code tenant-admin} (client {@code tenancy-permissions}, defined in the realm file so that the import
     * can map it). bob, a plain member, gets 403. The API is called through a client with the scope
     * {@code tenancy-admin} (the demo SPA calls only the demo API, so the file grants it no API scope).
     */
    @Test
    void aliceAdministersAcmeThroughTheTenantApiAndBobMayNot(KeycloakServer server) {
        String admin = server.baseUrl() + "/admin/realms/" + REALM;
        Map<String, String> master = Http.bearer(server.admin().tokenManager().getAccessTokenString());
        Http.Response created = Http.json(
                "POST",
                admin + "/clients",
                Map.of(
                        "clientId",
                        "demo-api-check",
                        "publicClient",
                        true,
                        "directAccessGrantsEnabled",
                        true,
                        "protocolMappers",
                        List.of(Map.of(
                                "name",
                                "active tenant",
                                "protocol",
                                "openid-connect",
                                "protocolMapper",
                                "oidc-tenant-mapper",
                                "config",
                                Map.of("claim.name", "tenant", "access.token.claim", "true")))),
                master);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String client = created.header("Location").replaceAll(".*/", "");
        String scope = Http.get(admin + "/client-scopes", master).jsonList().stream()
                .map(s -> (Map<String, Object>) s)
                .filter(s -> "tenancy-admin".equals(s.get("name")))
                .map(s -> (String) s.get("id"))
                .findFirst()
                .orElseThrow();
        assertThat(Http.json("PUT", admin + "/clients/" + client + "/default-client-scopes/" + scope, null, master)
                        .status())
                .isEqualTo(204);
        Map<String, Integer> expected = Map.of("alice", 200, "bob", 403);
        expected.forEach((user, status) -> {
            Http.Response grant = Http.form(
                    realmUrl + "/protocol/openid-connect/token",
                    Http.fields(
                            "grant_type",
                            "password",
                            "client_id",
                            "demo-api-check",
                            "username",
                            user,
                            "password",
                            user + "-demo",
                            "scope",
                            "openid organization:acme"));
            assertThat(grant.status()).as(grant.toString()).isEqualTo(200);
            Http.Response members =
                    Http.get(realmUrl + "/tenants/acme/members", Http.bearer(grant.string("access_token")));
            assertThat(members.status()).as(user + ": " + members).isEqualTo(status);
            if (status == 200) {
                assertThat(members.jsonList())
                        .extracting(m -> ((Map<String, Object>) m).get("username"))
                        .contains("alice", "bob");
            }
        });
    }

    @Test
    void theDemoLoginOfAcmeIsBranded() {
        Http.Response page = Http.get(
                realmUrl + "/protocol/openid-connect/auth?client_id=" + SPA + "&redirect_uri="
                        + REDIRECT + "&response_type=code&scope=openid%20organization:acme&code_challenge=x"
                        + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx&code_challenge_method=S256",
                Map.of());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body())
                .contains("class=\"tenancy-brand-name\">Acme Corporation</span>")
                .contains("--tenancy-primary: #b3261e;");
    }

    @Test
    void theCookieModeClientKeepsTheRefreshTokenInTheCookieAndRotatesIt() {
        CookieSessionClient spa =
                new CookieSessionClient(realmUrl, REALM, COOKIE_SPA, "http://localhost:8081").password("alice-demo");
        Http.Response tokens = spa.signIn("alice", "openid organization:acme");
        assertThat(tokens.json()).doesNotContainKey("refresh_token");
        Map<String, Object> claims = Jwks.verify(realmUrl, tokens.string("access_token"));
        assertThat((Map<String, Object>) claims.get("tenant"))
                .containsEntry("alias", "acme")
                .containsEntry("name", "Acme Corporation")
                .extracting("resource_access")
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .as("the SPA's client roles, as in keycloak-js mode (the cookie client is not their audience), and "
                        + "all clients' roles (resourceAccess all): also the tenant permissions of acme's admins")
                .containsEntry(SPA, Map.of("roles", List.of("admin")))
                .containsKey("tenancy-permissions");
        assertThat((List<Object>) claims.get("tenants")).containsExactlyInAnyOrder("acme", "globex");
        assertThat(String.valueOf(claims.get("aud")))
                .as("the demo API's audience")
                .contains("tenancy-demo-api");
        assertThat(Jwks.decodeUnverified(spa.cookie()))
                .as("first token of the family")
                .doesNotContainKey("tenancy_gen");

        Http.Response switched = spa.call("switch", "tenant", "globex");
        assertThat(switched.status()).as(switched.toString()).isEqualTo(200);
        assertThat((Map<String, Object>)
                        Jwks.verify(realmUrl, switched.string("access_token")).get("tenant"))
                .containsEntry("alias", "globex");
        assertThat(Jwks.decodeUnverified(spa.cookie()))
                .as("the realm's rotation policy applies")
                .containsEntry("tenancy_gen", 1L);
        assertThat(spa.call("logout").status()).isEqualTo(204);
    }

    @Test
    void bothSpaClientsRotateRefreshTokens() {
        BrowserlessLogin browser = new BrowserlessLogin(realmUrl, SPA, REDIRECT);
        BrowserlessLogin.Result code = browser.authorize(
                "openid organization:acme", Http.fields("username", "alice", "password", "alice-demo"));
        Http.Response tokens = browser.exchange(code);
        Http.Response refreshed = Http.form(
                realmUrl + "/protocol/openid-connect/token",
                Http.fields(
                        "grant_type",
                        "refresh_token",
                        "client_id",
                        SPA,
                        "refresh_token",
                        tokens.string("refresh_token")));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(Jwks.decodeUnverified(refreshed.string("refresh_token"))).containsEntry("tenancy_gen", 1L);
    }

    @Test
    void theDemoFlowRefusesATenantTheUserIsNotIn() {
        BrowserlessLogin.Result result = new BrowserlessLogin(realmUrl, SPA, REDIRECT)
                .authorize("openid organization:globex", Http.fields("username", "bob", "password", "bob-demo"));
        assertThat(result.error()).isEqualTo("access_denied");
    }
}
