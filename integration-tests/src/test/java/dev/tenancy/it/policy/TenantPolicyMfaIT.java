package dev.tenancy.it.policy;

import static dev.tenancy.it.policy.TenantPolicyFixtures.REDIRECT;
import static dev.tenancy.it.policy.TenantPolicyFixtures.accessClaims;
import static dev.tenancy.it.policy.TenantPolicyFixtures.tenantAlias;
import static dev.tenancy.it.policy.TenantPolicyFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.CookieSessionClient;
import dev.tenancy.it.refresh.CookieSessionIT;
import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import dev.tenancy.testsupport.Totp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant MFA (organization attribute {@code tenancy.policy.mfa}), in a real browser flow with the condition
 * "tenant requires MFA" and TOTP codes computed here: setup at the first login, the code at later logins, no factor
 * for a tenant without the policy, admins-only, the token guard for grants without a browser, and the tenant switch
 * refused without a second factor and allowed after step-up (refresh grant), refused the same way through the SPA's
 * cookie-mode switch.
 */
@KeycloakIntegrationTest
class TenantPolicyMfaIT {

    static final String APP = "mfa-app";
    static final String COOKIE_APP = "mfa-spa";
    static String secure;
    static String plain;
    static String adminsOnly;

    @BeforeAll
    static void setUp(TestRealm realm) {
        TenantPolicyFixtures.createAppClient(realm, APP);
        String permissions = TenantPolicyFixtures.createPermissionsClient(realm);
        realm.saveEvents(
                "LOGIN", "LOGIN_ERROR", "CODE_TO_TOKEN", "CODE_TO_TOKEN_ERROR", "REFRESH_TOKEN", "REFRESH_TOKEN_ERROR");
        secure = realm.createOrganization("secure", "Secure Corp", "secure.test");
        plain = realm.createOrganization("plain", "Plain Inc", "plain.test");
        adminsOnly = realm.createOrganization("adminsonly", "Admins Only", "adminsonly.test");
        TenantPolicyFixtures.setPolicy(
                realm,
                secure,
                Map.of("tenancy.policy.mfa", List.of("all"), "tenancy.policy.mfa.methods", List.of("otp", "webauthn")));
        TenantPolicyFixtures.setPolicy(realm, adminsOnly, Map.of("tenancy.policy.mfa", List.of("admins")));
        for (String user : List.of("setup", "plainonly", "switcher", "direct", "sso", "spauser")) {
            String id = realm.createUser(user, user + "@example.test");
            if (!user.equals("plainonly")) {
                realm.addMember(secure, id);
            }
            realm.addMember(plain, id);
        }
        String boss = realm.createUser("boss", "boss@example.test");
        String staff = realm.createUser("staff", "staff@example.test");
        realm.addMember(adminsOnly, boss);
        realm.addMember(adminsOnly, staff);
        TenantPolicyFixtures.makeTenantAdmin(realm, adminsOnly, permissions, boss);
        String spa = CookieSessionIT.cookieClient(realm, COOKIE_APP, List.of("+"), Map.of());
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
                        Map.of("claim.name", "tenant", "access.token.claim", "true")));
        realm.installBrowserFlowWithTenantPolicies();
    }

    /** Logs {@code user} into {@code secure} in a fresh browser, setting up TOTP; returns the user's app. */
    static Totp setUpTotp(TestRealm realm, String user) {
        Totp app = new Totp(user, TestRealm.PASSWORD);
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        tokens(browser, browser.authorize("openid organization:secure", app));
        assertThat(app.secret()).as("the TOTP setup page was shown").isNotNull();
        return app;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMemberWithoutAFactorSetsUpTotpAtLoginThenUsesItAndTheTokenSaysSo(TestRealm realm) {
        Totp app = new Totp("setup", TestRealm.PASSWORD);
        BrowserlessLogin first = new BrowserlessLogin(realm, APP, REDIRECT);
        Map<String, Object> claims =
                accessClaims(realm, tokens(first, first.authorize("openid organization:secure", app)));
        assertThat(app.secret()).as("CONFIGURE_TOTP showed its secret").isNotNull();
        assertThat(app.pagesWithCode()).isEqualTo(1);
        assertThat(tenantAlias(claims)).isEqualTo("secure");
        assertThat((List<String>) claims.get("amr")).contains("pwd");

        BrowserlessLogin second = new BrowserlessLogin(realm, APP, REDIRECT);
        Map<String, Object> next =
                accessClaims(realm, tokens(second, second.authorize("openid organization:secure", app)));
        assertThat(app.pagesWithCode()).as("the one-time code was asked").isEqualTo(2);
        assertThat((List<String>) next.get("amr")).contains("pwd", "otp");
        assertThat(next.get("acr")).isEqualTo("1");
    }

    @Test
    void aTenantWithoutThePolicyAsksForNoSecondFactor(TestRealm realm) {
        Totp app = new Totp("plainonly", TestRealm.PASSWORD);
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        assertThat(tenantAlias(
                        accessClaims(realm, tokens(browser, browser.authorize("openid organization:plain", app)))))
                .isEqualTo("plain");
        assertThat(app.pagesWithCode()).isZero();
        assertThat(app.secret()).isNull();
    }

    @Test
    void adminsOnlyAsksTheTenantAdminsAndNotTheOtherMembers(TestRealm realm) {
        Totp boss = new Totp("boss", TestRealm.PASSWORD);
        BrowserlessLogin bossBrowser = new BrowserlessLogin(realm, APP, REDIRECT);
        tokens(bossBrowser, bossBrowser.authorize("openid organization:adminsonly", boss));
        assertThat(boss.secret()).as("the tenant admin had to set up TOTP").isNotNull();

        Totp staff = new Totp("staff", TestRealm.PASSWORD);
        BrowserlessLogin staffBrowser = new BrowserlessLogin(realm, APP, REDIRECT);
        tokens(staffBrowser, staffBrowser.authorize("openid organization:adminsonly", staff));
        assertThat(staff.pagesWithCode()).isZero();
    }

    @Test
    void grantsWithoutTheBrowserFlowAreRefusedForAnMfaTenant(TestRealm realm) {
        Http.Response refused = realm.passwordGrant(APP, "direct", "openid organization:secure");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.string("error")).isEqualTo("interaction_required");
        assertThat(refused.string("error_description")).contains("secure").contains("multi-factor");
        // the same grant into a tenant without the policy works
        assertThat(realm.passwordGrant(APP, "direct", "openid organization:plain")
                        .status())
                .isEqualTo(200);
        Http.Response events = realm.adminCall("GET", "/events?type=LOGIN_ERROR&max=50", null);
        assertThat(events.body()).contains("tenant_policy_mfa_required");
    }

    @Test
    void anSsoReEntryAfterTheSecondFactorIsNotAskedAgain(TestRealm realm) {
        Totp app = setUpTotp(realm, "sso");
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        tokens(browser, browser.authorize("openid organization:secure", app));
        int codes = app.pagesWithCode();
        // (with an organization:<alias> scope, Keycloak's cookie step leaves the user to the forms of a flow without
        // its "organization" step, so the password is asked again; the second factor is not)
        tokens(browser, browser.authorize("openid organization:secure", app));
        assertThat(app.pagesWithCode()).isEqualTo(codes);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSwitchIntoAnMfaTenantIsRefusedWithoutASecondFactorAndWorksAfterStepUp(TestRealm realm) {
        Totp app = setUpTotp(realm, "switcher");

        // a session without a second factor: a login into the tenant without the policy
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        Http.Response plainTokens = tokens(browser, browser.authorize("openid organization:plain", app));
        int codesBefore = app.pagesWithCode();
        String refreshToken = plainTokens.string("refresh_token");

        Http.Response refused = realm.refreshGrant(APP, refreshToken, "tenant", "secure");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.string("error")).isEqualTo("interaction_required");
        assertThat(refused.string("error_description"))
                .isEqualTo(
                        "Tenant 'secure' requires multi-factor authentication: re-authenticate with organization:secure");
        Http.Response events = realm.adminCall("GET", "/events?type=REFRESH_TOKEN_ERROR&max=50", null);
        assertThat(events.body()).contains("tenant_policy_mfa_required");

        // step-up: a login for that tenant in the same browser, in the same user session, asks for the code
        Map<String, Object> stepUp =
                accessClaims(realm, tokens(browser, browser.authorize("openid organization:secure", app)));
        assertThat(app.pagesWithCode()).isEqualTo(codesBefore + 1);
        assertThat(stepUp.get("sid"))
                .isEqualTo(Jwks.decodeUnverified(refreshToken).get("sid"));
        assertThat(tenantAlias(stepUp)).isEqualTo("secure");
        assertThat((List<String>) stepUp.get("amr")).contains("otp");

        // the first chain of the same session may now switch
        Http.Response switched = realm.refreshGrant(APP, refreshToken, "tenant", "secure");
        assertThat(switched.status()).as(switched.toString()).isEqualTo(200);
        assertThat(tenantAlias(Jwks.verify(realm.url(), switched.string("access_token"))))
                .isEqualTo("secure");
    }

    @Test
    void theSpasCookieSwitchIntoAnMfaTenantIsRefusedTheSameWay(TestRealm realm) {
        CookieSessionClient spa = new CookieSessionClient(realm, COOKIE_APP, CookieSessionIT.SPA_ORIGIN);
        spa.signIn("spauser", "openid organization:plain");
        String cookie = spa.cookie();

        Http.Response refused = spa.call("switch", "tenant", "secure");
        CookieSessionIT.assertError(
                refused,
                400,
                "interaction_required",
                "Tenant 'secure' requires multi-factor authentication: re-authenticate with organization:secure");
        assertThat(spa.cookie()).as("the cookie is kept").isEqualTo(cookie);

        // the chain goes on in the tenant it was in
        Http.Response refreshed = spa.call("refresh");
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(tenantAlias(Jwks.verify(realm.url(), refreshed.string("access_token"))))
                .isEqualTo("plain");
    }
}
