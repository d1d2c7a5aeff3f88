package dev.tenancy.it.policy;

import static dev.tenancy.it.policy.TenantPolicyFixtures.REDIRECT;
import static dev.tenancy.it.policy.TenantPolicyFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant session timeouts ({@code tenancy.policy.session.idle-seconds}, {@code session.max-seconds}): token
 * lifetimes capped by them, token families ended at refresh, an SSO re-entry beyond them re-authenticates. All logins
 * happen once at the start, so the tests wait for the same clock (about 26 s in all).
 */
@KeycloakIntegrationTest
class TenantPolicySessionIT {

    static final String APP = "session-app";
    static final int IDLE = 20;
    static final int MAX = 12;
    static long startedAt;
    static Http.Response briefLogin;
    static Http.Response cappedLogin;
    static Http.Response briefRefreshed;
    static long briefRefreshedAt;
    static Http.Response cappedRefreshed;
    static BrowserlessLogin ssoBrowser;
    static TenantPolicyFixtures.CountingUser ssoUser;
    static long ssoAuthenticatedAt;

    @BeforeAll
    static void setUp(TestRealm realm) {
        TenantPolicyFixtures.createAppClient(realm, APP);
        String brief = realm.createOrganization("brief", "Brief Idle", "brief.test");
        String capped = realm.createOrganization("capped", "Capped Max", "capped.test");
        TenantPolicyFixtures.setPolicy(
                realm, brief, Map.of("tenancy.policy.session.idle-seconds", List.of(Integer.toString(IDLE))));
        TenantPolicyFixtures.setPolicy(
                realm, capped, Map.of("tenancy.policy.session.max-seconds", List.of(Integer.toString(MAX))));
        realm.addMember(brief, realm.createUser("idler", "idler@example.test"));
        realm.addMember(capped, realm.createUser("capper", "capper@example.test"));
        realm.addMember(capped, realm.createUser("ssouser", "ssouser@example.test"));
        realm.installBrowserFlowWithTenantPolicies();

        startedAt = System.currentTimeMillis();
        briefLogin = realm.passwordGrant(APP, "idler", "openid organization:brief");
        cappedLogin = realm.passwordGrant(APP, "capper", "openid organization:capped");
        ssoBrowser = new BrowserlessLogin(realm, APP, REDIRECT);
        ssoUser = new TenantPolicyFixtures.CountingUser(
                page -> Http.fields("username", "ssouser", "password", TestRealm.PASSWORD));
        tokens(ssoBrowser, ssoBrowser.authorize("openid", ssoUser)); // the only tenant: capped
        ssoAuthenticatedAt = System.currentTimeMillis();
        assertThat(briefLogin.status()).as(briefLogin.toString()).isEqualTo(200);
        assertThat(cappedLogin.status()).as(cappedLogin.toString()).isEqualTo(200);

        // one refresh of each family, a few seconds in: within the limits
        waitUntil(MAX / 3);
        briefRefreshed = realm.refreshGrant(APP, briefLogin.string("refresh_token"));
        briefRefreshedAt = System.currentTimeMillis();
        cappedRefreshed = realm.refreshGrant(APP, cappedLogin.string("refresh_token"));
    }

    static void waitUntil(long secondsAfterStart) {
        sleepUntil(startedAt + secondsAfterStart * 1000);
    }

    static void sleepUntil(long epochMillis) {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static int number(Http.Response response, String field) {
        return ((Number) response.json().get(field)).intValue();
    }

    @Test
    void tokenLifetimesNeverExceedTheTenantsLimits() {
        // the realm's access token lifespan is 300 s and its SSO idle timeout 1800 s
        assertThat(number(briefLogin, "expires_in")).isBetween(1, IDLE);
        assertThat(number(briefLogin, "refresh_expires_in")).isBetween(1, IDLE);
        assertThat(number(cappedLogin, "expires_in")).isBetween(1, MAX);
        assertThat(number(cappedLogin, "refresh_expires_in")).isBetween(1, MAX);
    }

    @Test
    void aFamilyIdleLongerThanTheTenantAllowsEndsAtRefresh(TestRealm realm) {
        Http.Response refreshed = briefRefreshed;
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(number(refreshed, "expires_in")).isBetween(1, IDLE);

        sleepUntil(briefRefreshedAt + (IDLE + 2) * 1000L);
        Http.Response expired = realm.refreshGrant(APP, refreshed.string("refresh_token"));
        assertThat(expired.status()).as(expired.toString()).isEqualTo(400);
        assertThat(expired.string("error")).isEqualTo("invalid_grant");
    }

    @Test
    void aFamilyOlderThanTheTenantsMaximumEndsAtRefresh(TestRealm realm) {
        Http.Response refreshed = cappedRefreshed;
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        // rotation does not extend the family beyond the tenant's maximum
        assertThat(number(refreshed, "refresh_expires_in")).isLessThanOrEqualTo(MAX);

        waitUntil(MAX + 2);
        Http.Response expired = realm.refreshGrant(APP, refreshed.string("refresh_token"));
        assertThat(expired.status()).as(expired.toString()).isEqualTo(400);
        assertThat(expired.string("error")).isEqualTo("invalid_grant");
    }

    @Test
    void anSsoReEntryBeyondTheTenantsMaximumReAuthenticates(TestRealm realm) {
        assertThat(ssoUser.passwordPages).isEqualTo(1);
        // from the SSO login itself: on a busy machine it ends seconds after the class started
        sleepUntil(ssoAuthenticatedAt + (MAX + 2) * 1000L);
        // a silent re-entry cannot re-authenticate
        BrowserlessLogin.Result silent = ssoBrowser.authorize("openid", ssoUser, "prompt", "none");
        assertThat(silent.ok()).isFalse();
        assertThat(silent.error()).isEqualTo("login_required");
        // an interactive one asks for the password again, then goes on
        tokens(ssoBrowser, ssoBrowser.authorize("openid", ssoUser));
        assertThat(ssoUser.passwordPages).isEqualTo(2);
        // right after that, the SSO session is fresh again
        tokens(ssoBrowser, ssoBrowser.authorize("openid", ssoUser, "prompt", "none"));
        assertThat(ssoUser.passwordPages).isEqualTo(2);
    }
}
