package dev.tenancy.it.tenantapi;

import static dev.tenancy.it.TenantApi.assertError;
import static dev.tenancy.it.policy.TenantPolicyFixtures.REDIRECT;
import static dev.tenancy.it.policy.TenantPolicyFixtures.accessClaims;
import static dev.tenancy.it.policy.TenantPolicyFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.TenantApi;
import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions stay in the tenant (issue 14, point 2): what a tenant admin of acme sees and ends of a member who is also
 * active in globex is the member's activity in acme only, for one member and tenant-wide, for tenant admins and for
 * realm admins on the tenant path. One SSO session carries three chains: acme and globex on the client
 * {@code tenant-app} (one client session, two refresh families), and acme on {@code other-app} (a client session
 * wholly in acme). Ending acme there refuses acme's refresh tokens, leaves globex's working, refuses a switch into
 * acme, and makes an SSO re-entry into acme go through a new login.
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class TenantSessionScopeIT {

    static final String OTHER_APP = "other-app";

    static TenantApi api;
    static String acme;
    static String globex;

    @BeforeAll
    static void setUp(TestRealm realm) {
        api = TenantApi.setUp(realm);
        realm.createPublicClient(OTHER_APP);
        api.createRealmAdmin("root");
        acme = realm.createOrganization("acme", "Acme");
        globex = realm.createOrganization("globex", "Globex");
        api.member(acme, "ada", api.groupWithPermissions(acme, "admins", "manage-sessions"));
        api.member(globex, "gus", api.groupWithPermissions(globex, "admins", "manage-sessions"));
        realm.installBrowserFlowWithTenantPolicies();
    }

    /** A member of acme and globex. */
    static String memberOfBoth(String username) {
        String id = api.member(acme, username);
        api.realm.addMember(globex, id);
        return id;
    }

    /** The three chains of one SSO session, and the browser that holds its cookie. */
    record SharedSession(BrowserlessLogin browser, Http.Response acme, Http.Response globex, Http.Response acmeOther) {

        String sid() {
            return (String) accessClaims(api.realm, acme).get("sid");
        }
    }

    static SharedSession sharedSession(String username) {
        BrowserlessLogin browser = new BrowserlessLogin(api.realm, TenantApi.APP, REDIRECT);
        Http.Response inAcme = tokens(browser, browser.authorize("openid organization:acme", username, null));
        Http.Response inGlobex = tokens(browser, browser.authorize("openid organization:globex", username, null));
        BrowserlessLogin other = browser.withClient(OTHER_APP, REDIRECT);
        Http.Response inAcmeOther = tokens(other, other.authorize("openid organization:acme", username, null));
        SharedSession shared = new SharedSession(browser, inAcme, inGlobex, inAcmeOther);
        assertThat(accessClaims(api.realm, inGlobex).get("sid"))
                .as("one SSO session")
                .isEqualTo(shared.sid());
        assertThat(accessClaims(api.realm, inAcmeOther).get("sid"))
                .as("one SSO session")
                .isEqualTo(shared.sid());
        return shared;
    }

    static Http.Response refresh(String clientId, Http.Response tokens, String... extraFields) {
        return api.realm.refreshGrant(clientId, tokens.string("refresh_token"), extraFields);
    }

    static Map<String, Object> only(List<Object> sessions) {
        assertThat(sessions).hasSize(1);
        return (Map<String, Object>) sessions.get(0);
    }

    @Test
    void eachTenantAdminSeesOnlyTheChainsOfTheirTenantInASharedSession() {
        String id = memberOfBoth("sam");
        SharedSession shared = sharedSession("sam");

        Map<String, Object> inAcme = only(api.get("/acme/members/" + id + "/sessions", api.token("ada", "acme"))
                .jsonList());
        assertThat(inAcme)
                .containsEntry("id", shared.sid())
                .containsEntry("chains", 2)
                .containsEntry("clients", List.of(OTHER_APP, TenantApi.APP))
                .doesNotContainKey("ipAddress"); // the SSO login's address may be globex's
        Map<String, Object> inGlobex = only(api.get("/globex/members/" + id + "/sessions", api.token("gus", "globex"))
                .jsonList());
        assertThat(inGlobex).containsEntry("chains", 1).containsEntry("clients", List.of(TenantApi.APP));

        // after a switch of the acme chain to globex, acme sees only other-app's chain
        Http.Response switched = refresh(TenantApi.APP, shared.acme(), "tenant", "globex");
        assertThat(switched.status()).as(switched.toString()).isEqualTo(200);
        assertThat(only(api.get("/acme/members/" + id + "/sessions", api.token("ada", "acme"))
                        .jsonList()))
                .containsEntry("chains", 1)
                .containsEntry("clients", List.of(OTHER_APP));
        assertThat(only(api.get("/globex/members/" + id + "/sessions", api.token("gus", "globex"))
                        .jsonList()))
                .containsEntry("chains", 2);
    }

    @Test
    void endingAMembersSessionsInOneTenantLeavesTheOtherTenantsChainsOfTheSameSsoSession() {
        String id = memberOfBoth("tia");
        SharedSession shared = sharedSession("tia");
        String ada = api.token("ada", "acme");

        Http.Response ended = api.call("DELETE", "/acme/members/" + id + "/sessions", null, ada);
        assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
        assertThat(ended.json()).containsEntry("sessions", 1);

        // acme's chains end: the shared client session's acme family and the client session wholly in acme
        assertError(refresh(TenantApi.APP, shared.acme()), 400, "invalid_grant");
        assertError(refresh(OTHER_APP, shared.acmeOther()), 400, "invalid_grant");
        assertThat(api.get("/acme/members/" + id + "/sessions", ada).jsonList()).isEmpty();

        // globex's chain goes on, rotating within globex, but may not switch into acme without a new login
        Http.Response inGlobex = refresh(TenantApi.APP, shared.globex());
        assertThat(inGlobex.status()).as(inGlobex.toString()).isEqualTo(200);
        Http.Response again = refresh(TenantApi.APP, inGlobex);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertError(refresh(TenantApi.APP, again, "tenant", "acme"), 400, "interaction_required");
        assertThat(refresh(TenantApi.APP, again).status())
                .as("a refused switch leaves the chain")
                .isEqualTo(200);
        assertThat(only(api.get("/globex/members/" + id + "/sessions", api.token("gus", "globex"))
                        .jsonList()))
                .containsEntry("chains", 1);
    }

    @Test
    void reEnteringTheEndedTenantFromTheSsoSessionNeedsANewLogin() {
        String id = memberOfBoth("uli");
        SharedSession shared = sharedSession("uli");
        Object authTime = accessClaims(api.realm, shared.acme()).get("auth_time");
        Http.Response ended = api.call("DELETE", "/acme/members/" + id + "/sessions", null, api.token("ada", "acme"));
        assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
        // the end is noted to the second, and a login within that second counts as before it
        sleepPastTheSecond();

        // globex, not ended: an SSO re-entry keeps the session's authentication
        Http.Response intoGlobex =
                tokens(shared.browser(), shared.browser().authorize("openid organization:globex", "uli", null));
        assertThat(accessClaims(api.realm, intoGlobex).get("auth_time")).isEqualTo(authTime);

        // acme: the SSO session is made to authenticate again, then acme works again in the same SSO session
        List<String> pages = new java.util.ArrayList<>();
        Http.Response reentered =
                tokens(shared.browser(), shared.browser().authorize("openid organization:acme", page -> {
                    pages.add(page);
                    return Http.fields("username", "uli", "password", TestRealm.PASSWORD);
                }));
        assertThat(pages).as("Keycloak's re-authentication page").anyMatch(p -> p.contains("Please re-authenticate"));
        Map<String, Object> claims = accessClaims(api.realm, reentered);
        assertThat(claims.get("sid")).as("in the same SSO session").isEqualTo(shared.sid());
        assertThat(((Number) claims.get("auth_time")).longValue())
                .as("a new authentication")
                .isGreaterThan(((Number) authTime).longValue());
        assertThat(refresh(TenantApi.APP, reentered).status()).isEqualTo(200);

        // the ended chain stays ended after the new login; globex was never interrupted
        assertError(refresh(TenantApi.APP, shared.acme()), 400, "invalid_grant");
        assertThat(refresh(TenantApi.APP, shared.globex()).status()).isEqualTo(200);
    }

    static void sleepPastTheSecond() {
        try {
            Thread.sleep(1100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void endingInSeparateSessionsLogsOutOnlyTheTenantsSession() {
        String id = memberOfBoth("vic");
        Http.Response inAcme = api.realm.passwordGrant(TenantApi.APP, "vic", "openid organization:acme");
        Http.Response inGlobex = api.realm.passwordGrant(TenantApi.APP, "vic", "openid organization:globex");
        String ada = api.token("ada", "acme");

        Map<String, Object> listed =
                only(api.get("/acme/members/" + id + "/sessions", ada).jsonList());
        assertThat(listed)
                .containsEntry("id", accessClaims(api.realm, inAcme).get("sid"))
                .containsEntry("chains", 1);
        assertThat(listed.get("ipAddress"))
                .as("a session used only in acme shows its address")
                .isNotNull();

        Http.Response ended = api.call("DELETE", "/acme/members/" + id + "/sessions", null, ada);
        assertThat(ended.json()).containsEntry("sessions", 1);
        assertError(refresh(TenantApi.APP, inAcme), 400, "invalid_grant");
        assertThat(refresh(TenantApi.APP, inGlobex).status()).isEqualTo(200);
        List<Object> keycloakSessions =
                api.realm.adminCall("GET", "/users/" + id + "/sessions", null).jsonList();
        assertThat(keycloakSessions)
                .as("the acme session was logged out, the globex one stays")
                .hasSize(1);
    }

    @Test
    void aRealmAdminOnTheTenantPathIsLimitedToTheTenantToo() {
        String wes = memberOfBoth("wes");
        String xia = api.member(acme, "xia");
        SharedSession shared = sharedSession("wes");
        Http.Response xiaTokens = api.realm.passwordGrant(TenantApi.APP, "xia", "openid organization:acme");
        String root = api.token("root", null);

        assertThat(only(api.get("/acme/members/" + wes + "/sessions", root).jsonList()))
                .containsEntry("chains", 2);

        Http.Response ended = api.call("DELETE", "/acme/sessions", null, root);
        assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
        // other members of acme (the tenant admins of the other tests) may have sessions too: at least wes's and xia's
        assertThat(((Number) ended.json().get("sessions")).longValue()).isGreaterThanOrEqualTo(2);
        assertError(refresh(TenantApi.APP, shared.acme()), 400, "invalid_grant");
        assertError(refresh(OTHER_APP, shared.acmeOther()), 400, "invalid_grant");
        assertError(refresh(TenantApi.APP, xiaTokens), 400, "invalid_grant");
        assertThat(refresh(TenantApi.APP, shared.globex()).status())
                .as("globex stays")
                .isEqualTo(200);
        assertThat(api.get("/acme/members/" + xia + "/sessions", root).jsonList())
                .isEmpty();
    }
}
