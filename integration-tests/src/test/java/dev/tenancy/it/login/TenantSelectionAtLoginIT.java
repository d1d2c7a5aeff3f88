package dev.tenancy.it.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Selection of the active tenant in the browser flow, through the "Tenant selection" step: explicit request (strict),
 * login_hint domain, only tenant, the last tenant remembered, and strictness on SSO re-entry.
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class TenantSelectionAtLoginIT {

    static final String APP = "login-app";
    static final String REDIRECT = "http://localhost/callback";

    @BeforeAll
    static void setUp(TestRealm realm) {
        String app = realm.createPublicClient(APP);
        realm.addActiveTenantMapper(app);
        realm.saveEvents();
        String alice = realm.createUser("alice", "alice@acme.test");
        String bob = realm.createUser("bob", "bob@acme.test");
        realm.createUser("carol", "carol@nowhere.test");
        String acme = realm.createOrganization("acme", "Acme Corp", "acme.test");
        String globex = realm.createOrganization("globex", "Globex Inc", "globex.test");
        String initech = realm.createOrganization("initech", "Initech", "initech.test");
        realm.addMember(acme, alice);
        realm.addMember(globex, alice);
        realm.addMember(initech, alice);
        realm.addMember(acme, bob);
        realm.createOrganization("umbrella", "Umbrella", "umbrella.test"); // nobody here is its member
        realm.setOrganizationEnabled(initech, false);
        realm.installBrowserFlowWithTenantSelection(true);
    }

    static Map<String, Object> tenantOf(TestRealm realm, BrowserlessLogin browser, BrowserlessLogin.Result result) {
        assertThat(result.ok())
                .as("%s: %s", result.error(), result.errorDescription())
                .isTrue();
        Http.Response tokens = browser.exchange(result);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return (Map<String, Object>)
                Jwks.verify(realm.url(), tokens.string("access_token")).get("tenant");
    }

    @Test
    void aRequestedTenantOfWhichTheUserIsNotAMemberEndsTheLoginWithAccessDenied(TestRealm realm) {
        BrowserlessLogin.Result result =
                new BrowserlessLogin(realm, APP, REDIRECT).authorize("openid organization:globex", "bob", null);
        assertThat(result.ok()).isFalse();
        assertThat(result.error()).isEqualTo("access_denied");
        assertThat(result.errorDescription()).contains("globex");
        Http.Response events = realm.adminCall("GET", "/events?type=LOGIN_ERROR&max=20", null);
        assertThat(events.body()).contains("tenant_not_allowed").contains("globex");
    }

    /**
     * A disabled or unknown tenant is not a scope Keycloak knows: its authorization endpoint refuses the request with
     * its own {@code invalid_scope} before any login page (and before our steps), as README documents.
     */
    @Test
    void aRequestedDisabledOrUnknownTenantEndsTheLoginWithKeycloaksInvalidScope(TestRealm realm) {
        for (String alias : new String[] {"initech", "no-such-tenant"}) {
            BrowserlessLogin.Result result =
                    new BrowserlessLogin(realm, APP, REDIRECT).authorize("openid organization:" + alias, "alice", null);
            assertThat(result.ok()).as(alias).isFalse();
            assertThat(result.error()).as(alias).isEqualTo("invalid_scope");
        }
    }

    @Test
    void aRequestedTenantIsTheActiveTenant(TestRealm realm) {
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        assertThat(tenantOf(realm, browser, browser.authorize("openid organization:globex", "alice", null)))
                .containsEntry("alias", "globex");
    }

    @Test
    void theLoginHintEmailDomainChoosesTheTenant(TestRealm realm) {
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        assertThat(tenantOf(
                        realm, browser, browser.authorize("openid", "alice", null, "login_hint", "alice@globex.test")))
                .containsEntry("alias", "globex");
    }

    @Test
    void theOnlyTenantIsChosenWithoutAsking(TestRealm realm) {
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        assertThat(tenantOf(realm, browser, browser.authorize("openid", "bob", null)))
                .containsEntry("alias", "acme");
        BrowserlessLogin carol = new BrowserlessLogin(realm, APP, REDIRECT);
        assertThat(tenantOf(realm, carol, carol.authorize("openid", "carol", null)))
                .isNull();
    }

    @Test
    void theLastChosenTenantIsRememberedForTheNextLogin(TestRealm realm) {
        BrowserlessLogin first = new BrowserlessLogin(realm, APP, REDIRECT);
        assertThat(tenantOf(realm, first, first.authorize("openid organization:globex", "alice", null)))
                .containsEntry("alias", "globex");
        BrowserlessLogin nextDay = new BrowserlessLogin(realm, APP, REDIRECT);
        assertThat(tenantOf(realm, nextDay, nextDay.authorize("openid", "alice", null)))
                .containsEntry("alias", "globex");

        BrowserlessLogin third = new BrowserlessLogin(realm, APP, REDIRECT);
        assertThat(tenantOf(realm, third, third.authorize("openid organization:acme", "alice", null)))
                .containsEntry("alias", "acme");
        BrowserlessLogin fourth = new BrowserlessLogin(realm, APP, REDIRECT);
        assertThat(tenantOf(realm, fourth, fourth.authorize("openid", "alice", null)))
                .containsEntry("alias", "acme");
    }

    @Test
    void anSsoReEntryIsCheckedToo(TestRealm realm) {
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        BrowserlessLogin.Result first = browser.authorize("openid organization:acme", "alice", null);
        Http.Response firstTokens = browser.exchange(first);
        Object sid =
                Jwks.verify(realm.url(), firstTokens.string("access_token")).get("sid");

        BrowserlessLogin.Result reEntry = browser.authorize("openid organization:umbrella", "alice", null);
        assertThat(reEntry.error()).isEqualTo("access_denied");
        // the SSO session itself is unharmed: the next tab signs in to globex within the same session
        BrowserlessLogin.Result next = browser.authorize("openid organization:globex", "alice", null);
        Map<String, Object> claims =
                Jwks.verify(realm.url(), browser.exchange(next).string("access_token"));
        assertThat(claims.get("sid")).isEqualTo(sid);
        assertThat((Map<String, Object>) claims.get("tenant")).containsEntry("alias", "globex");

        // a silent (prompt=none) re-entry gets no code either; Keycloak reports any refusal there as login_required
        BrowserlessLogin.Result silent =
                browser.authorize("openid organization:umbrella", "alice", null, "prompt", "none");
        assertThat(silent.ok()).isFalse();
        assertThat(silent.error()).isIn("access_denied", "login_required");
    }
}
