package dev.tenancy.it.policy;

import static dev.tenancy.it.policy.TenantPolicyFixtures.REDIRECT;
import static dev.tenancy.it.policy.TenantPolicyFixtures.tenantAlias;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import dev.tenancy.testsupport.Totp;
import dev.tenancy.testsupport.browser.BrowserTests;
import dev.tenancy.testsupport.browser.Chromium;
import dev.tenancy.testsupport.browser.KeycloakSignIn;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Per-tenant MFA with WebAuthn, in headless Chromium with Chrome's virtual authenticator (a CTAP2 security key that
 * signs without a touch; the WebAuthn protocol, Keycloak's pages and JavaScript, and the server's signature checks are
 * all real). The tenant {@code keys} requires a second factor of every member and allows only {@code webauthn}:
 * <ul>
 *   <li>a member without a factor registers a security key (Keycloak's {@code webauthn-register} required action)
 *       at the login into the tenant, then logs in with it: {@code amr} says {@code hwk};</li>
 *   <li>a member whose only factor is a TOTP app (set up for another tenant) is not asked for its code in
 *       {@code keys}: the TOTP factor does not count there, so it registers a security key; at the next login
 *       the key is asked, not the code (although the TOTP credential is the user's first), and "Try another way"
 *       does not offer the code.</li>
 * </ul>
 * Skipped without Chromium and chromedriver unless {@code -Dtenancy.browser-tests=required} ({@link Chromium}).
 */
@KeycloakIntegrationTest
@ExtendWith(BrowserTests.class)
class TenantPolicyWebAuthnBrowserIT {

    static final String APP = "webauthn-app";
    static final Duration WAIT = Duration.ofSeconds(45);

    static String keys;
    static String apps;
    static HttpServer callback;
    static String callbackUri;

    private Chromium chromium;
    private ChromeDriver driver;
    private VirtualAuthenticator securityKey;

    @BeforeAll
    static void setUp(TestRealm realm) throws IOException {
        // the browser must land somewhere real after the login: a local page that only says "done"
        callback = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        callback.createContext("/callback", exchange -> {
            byte[] body = "done".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        callback.start();
        callbackUri = "http://localhost:" + callback.getAddress().getPort() + "/callback";

        String app = TenantPolicyFixtures.createAppClient(realm, APP);
        Map<String, Object> client =
                realm.adminCall("GET", "/clients/" + app, null).json();
        client.put("redirectUris", List.of(REDIRECT, callbackUri));
        realm.adminOk("PUT", "/clients/" + app, client);

        keys = realm.createOrganization("keys", "Keys Only", "keys.test");
        apps = realm.createOrganization("apps", "Apps Only", "apps.test");
        TenantPolicyFixtures.setPolicy(
                realm,
                keys,
                Map.of("tenancy.policy.mfa", List.of("all"), "tenancy.policy.mfa.methods", List.of("webauthn")));
        TenantPolicyFixtures.setPolicy(
                realm,
                apps,
                Map.of("tenancy.policy.mfa", List.of("all"), "tenancy.policy.mfa.methods", List.of("otp")));
        realm.addMember(keys, realm.createUser("newkey", "newkey@example.test"));
        String totpOnly = realm.createUser("totponly", "totponly@example.test");
        realm.addMember(keys, totpOnly);
        realm.addMember(apps, totpOnly);
        realm.installBrowserFlowWithTenantPolicies();
    }

    @AfterAll
    static void stopCallback() {
        if (callback != null) {
            callback.stop(0);
        }
    }

    @BeforeEach
    void startBrowser() throws IOException {
        chromium = Chromium.start();
        driver = chromium.driver();
        securityKey = driver.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.USB)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true));
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMemberWithoutAFactorRegistersASecurityKeyAtLoginThenLogsInWithIt(TestRealm realm) {
        Login first = login(realm, "newkey");
        assertThat(first.pages())
                .as("the security key was registered at the login")
                .contains(Page.REGISTER_KEY)
                .doesNotContain(Page.ONE_TIME_CODE, Page.USE_KEY);
        assertThat(securityKey.getCredentials())
                .as("the virtual authenticator holds one credential")
                .hasSize(1);
        Map<String, Object> setup = first.claims(realm);
        assertThat(tenantAlias(setup)).isEqualTo("keys");
        assertThat((List<String>) setup.get("amr")).contains("pwd");
        assertThat(credentialTypes(realm, "newkey")).contains("webauthn");

        Login second = login(realm, "newkey");
        assertThat(second.pages()).containsExactly(Page.PASSWORD, Page.USE_KEY);
        Map<String, Object> claims = second.claims(realm);
        assertThat(tenantAlias(claims)).isEqualTo("keys");
        assertThat((List<String>) claims.get("amr"))
                .as("password and hardware key")
                .contains("pwd", "hwk");
        assertThat(claims.get("acr")).isEqualTo("1");
        assertThat(second.otherWaysOffered()).as("nothing else to try").isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTotpFactorDoesNotCountInATenantThatAllowsOnlyWebAuthn(TestRealm realm) {
        // the user's first factor: a TOTP app, set up at a login into "apps" (which allows only otp)
        Totp app = new Totp("totponly", TestRealm.PASSWORD);
        BrowserlessLogin appsLogin = new BrowserlessLogin(realm, APP, REDIRECT);
        TenantPolicyFixtures.tokens(appsLogin, appsLogin.authorize("openid organization:apps", app));
        assertThat(app.secret()).as("CONFIGURE_TOTP was shown").isNotNull();
        assertThat(credentialTypes(realm, "totponly")).containsExactly("password", "otp");

        // into "keys": the code is not asked, a security key must be registered
        Login first = login(realm, "totponly");
        assertThat(first.pages()).containsExactly(Page.PASSWORD, Page.REGISTER_KEY);
        assertThat(tenantAlias(first.claims(realm))).isEqualTo("keys");

        // the next login asks for the key although the TOTP credential comes first in the user's list
        assertThat(credentialTypes(realm, "totponly")).containsExactly("password", "otp", "webauthn");
        Login second = login(realm, "totponly");
        assertThat(second.pages()).containsExactly(Page.PASSWORD, Page.USE_KEY);
        assertThat(second.otherWaysOffered())
                .as("the TOTP code is not offered under 'Try another way'")
                .isFalse();
        Map<String, Object> claims = second.claims(realm);
        assertThat((List<String>) claims.get("amr")).contains("pwd", "hwk").doesNotContain("otp");
        assertThat(tenantAlias(claims)).isEqualTo("keys");

        // and "apps" (otp only) still takes the code, not the key, although the user holds both
        int codes = app.pagesWithCode();
        BrowserlessLogin appsAgain = new BrowserlessLogin(realm, APP, REDIRECT);
        Map<String, Object> appsClaims = TenantPolicyFixtures.accessClaims(
                realm, TenantPolicyFixtures.tokens(appsAgain, appsAgain.authorize("openid organization:apps", app)));
        assertThat(app.pagesWithCode()).isEqualTo(codes + 1);
        assertThat((List<String>) appsClaims.get("amr")).contains("otp").doesNotContain("hwk");
    }

    // ---- a login in the browser ----

    /** The kinds of pages a login passes, and its end: the redirect back to the client. */
    enum Page {
        PASSWORD,
        REGISTER_KEY,
        USE_KEY,
        ONE_TIME_CODE,
        BACK_AT_CLIENT
    }

    /** A finished login: the pages shown, the code's exchange, whether the last factor page offered other ways. */
    record Login(List<Page> pages, Http.Response tokens, boolean otherWaysOffered) {
        Map<String, Object> claims(TestRealm realm) {
            assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
            return Jwks.verify(realm.url(), tokens.string("access_token"));
        }
    }

    /**
     * Logs {@code username} into the tenant {@code keys} in a browser without cookies, answering each page as a user
     * with this password and this security key would, and exchanges the code.
     */
    private Login login(TestRealm realm, String username) {
        // a new browser session for Keycloak: no SSO cookie (its cookies are path-scoped, so clear them all)
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        String verifier = random(48);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", APP);
        query.put("redirect_uri", callbackUri);
        query.put("response_type", "code");
        query.put("scope", "openid organization:keys");
        query.put("state", random(12));
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        driver.get(realm.url() + "/protocol/openid-connect/auth?"
                + query.entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&")));

        List<Page> pages = new ArrayList<>();
        boolean otherWays = false;
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        for (int step = 0; step < 8; step++) {
            Page page = wait.withMessage(() -> "a known page or the callback; at " + driver.getCurrentUrl() + ":\n"
                            + driver.getPageSource())
                    .until(d -> atCallback() ? Page.BACK_AT_CLIENT : current());
            if (page == Page.BACK_AT_CLIENT) {
                break;
            }
            pages.add(page);
            switch (page) {
                case PASSWORD -> KeycloakSignIn.enterCredentials(chromium, username, TestRealm.PASSWORD);
                case REGISTER_KEY -> {
                    driver.findElement(By.id("registerWebAuthn")).click();
                    // Keycloak's script asks for a label for the new key (window.prompt)
                    Alert label = wait.until(ExpectedConditions.alertIsPresent());
                    label.sendKeys("test key");
                    label.accept();
                }
                case USE_KEY -> {
                    otherWays = !driver.findElements(By.id("try-another-way")).isEmpty();
                    driver.findElement(By.id("authenticateWebAuthnButton")).click();
                }
                case ONE_TIME_CODE -> throw new AssertionError("a one-time code was asked: " + pages);
                default -> throw new IllegalStateException(page.name());
            }
            Page shown = page;
            wait.withMessage(() -> "to leave the " + shown + " page; at " + driver.getCurrentUrl() + ":\n"
                            + driver.getPageSource())
                    .until(d -> atCallback() || current() != shown || hasError());
            if (hasError()) {
                throw new AssertionError("error page after " + pages + ": " + driver.getPageSource());
            }
        }
        wait.withMessage(() -> "the callback; at " + driver.getCurrentUrl() + ":\n" + driver.getPageSource())
                .until(d -> atCallback());
        Map<String, String> params = queryOf(URI.create(driver.getCurrentUrl()));
        assertThat(params).as("redirect %s", driver.getCurrentUrl()).containsKey("code");
        Http.Response tokens = Http.form(
                realm.tokenEndpoint(),
                Http.fields(
                        "grant_type",
                        "authorization_code",
                        "client_id",
                        APP,
                        "code",
                        params.get("code"),
                        "redirect_uri",
                        callbackUri,
                        "code_verifier",
                        verifier));
        return new Login(pages, tokens, otherWays);
    }

    private boolean atCallback() {
        return driver.getCurrentUrl().startsWith(callbackUri);
    }

    private boolean hasError() {
        return !driver.findElements(By.cssSelector("#kc-error-message, .pf-m-danger .kc-feedback-text"))
                        .isEmpty()
                && driver.findElements(By.id("password")).isEmpty();
    }

    /** The page shown, or null while it loads or is none of ours. */
    private Page current() {
        if (!driver.findElements(By.id("registerWebAuthn")).isEmpty()) {
            return Page.REGISTER_KEY;
        }
        if (!driver.findElements(By.id("authenticateWebAuthnButton")).isEmpty()) {
            return Page.USE_KEY;
        }
        if (!driver.findElements(By.cssSelector("input[name=otp], input[name=totp]"))
                .isEmpty()) {
            return Page.ONE_TIME_CODE;
        }
        if (!driver.findElements(By.id("password")).isEmpty()) {
            return Page.PASSWORD;
        }
        return null;
    }

    /** The user's credential types, in Keycloak's order (the order it picks alternatives by). */
    private static List<String> credentialTypes(TestRealm realm, String username) {
        String id = (String) ((Map<?, ?>) realm.adminCall("GET", "/users?exact=true&username=" + username, null)
                        .jsonList()
                        .get(0))
                .get("id");
        return realm.adminCall("GET", "/users/" + id + "/credentials", null).jsonList().stream()
                .map(c -> (String) ((Map<?, ?>) c).get("type"))
                .toList();
    }

    private static Map<String, String> queryOf(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(
                            pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static String random(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
