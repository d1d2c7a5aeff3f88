package dev.tenancy.it.policy;

import static dev.tenancy.it.policy.TenantPolicyFixtures.REDIRECT;
import static dev.tenancy.it.policy.TenantPolicyFixtures.tenantAlias;
import static dev.tenancy.it.policy.TenantPolicyFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Verified email required" per tenant ({@code tenancy.policy.email.verified-required}) at login and at a tenant
 * switch, and the audit of policy changes made by a realm admin (admin events of the organization update).
 */
@KeycloakIntegrationTest
class TenantPolicyEmailIT {

    static final String APP = "email-app";
    static String verified;
    static String userId;

    @BeforeAll
    static void setUp(TestRealm realm) {
        TenantPolicyFixtures.createAppClient(realm, APP);
        verified = realm.createOrganization("verified", "Verified Only", "verified.test");
        String open = realm.createOrganization("open", "Open Inc", "open.test");
        TenantPolicyFixtures.setPolicy(
                realm, verified, Map.of("tenancy.policy.email.verified-required", List.of("true")));
        userId = realm.adminCreate(
                "/users",
                Map.of(
                        "username",
                        "fresh",
                        "email",
                        "fresh@example.test",
                        "enabled",
                        true,
                        "emailVerified",
                        false,
                        "firstName",
                        "Fresh",
                        "lastName",
                        "Test",
                        "credentials",
                        List.of(Map.of("type", "password", "value", TestRealm.PASSWORD, "temporary", false))));
        realm.addMember(verified, userId);
        realm.addMember(open, userId);
        realm.installBrowserFlowWithTenantPolicies();
    }

    static BrowserlessLogin.Result login(TestRealm realm, String scope) {
        return new BrowserlessLogin(realm, APP, REDIRECT).authorize(scope, "fresh", null);
    }

    @Test
    void anUnverifiedUserMustVerifyTheEmailBeforeEnteringTheTenantAndCannotSwitchIntoIt(TestRealm realm) {
        BrowserlessLogin.Result stopped = login(realm, "openid organization:verified");
        assertThat(stopped.ok()).isFalse();
        // Keycloak's VERIFY_EMAIL required action ran: it sends the link, which fails here (no SMTP), and stops there
        assertThat(stopped.lastPage()).containsIgnoringCase("email");
        assertThat(realm.server().logTail(400))
                .anyMatch(line -> line.contains("SEND_VERIFY_EMAIL") && line.contains("it-tenantpolicyemailit"));

        // the other tenant is open to the same user; the switch into the verified-only one is refused
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        Http.Response open = tokens(browser, browser.authorize("openid organization:open", "fresh", null));
        Http.Response refused = realm.refreshGrant(APP, open.string("refresh_token"), "tenant", "verified");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.string("error")).isEqualTo("interaction_required");
        assertThat(refused.string("error_description"))
                .contains("verified email")
                .contains("organization:verified");

        // once verified (here by the admin, as the verification link would), both work
        Map<String, Object> user =
                realm.adminCall("GET", "/users/" + userId, null).json();
        user.put("emailVerified", true);
        realm.adminOk("PUT", "/users/" + userId, user);
        BrowserlessLogin again = new BrowserlessLogin(realm, APP, REDIRECT);
        assertThat(tenantAlias(Jwks.verify(
                        realm.url(),
                        tokens(again, again.authorize("openid organization:verified", "fresh", null))
                                .string("access_token"))))
                .isEqualTo("verified");
        Http.Response switched = realm.refreshGrant(APP, open.string("refresh_token"), "tenant", "verified");
        assertThat(switched.status()).as(switched.toString()).isEqualTo(200);
        assertThat(tenantAlias(Jwks.verify(realm.url(), switched.string("access_token"))))
                .isEqualTo("verified");
    }

    @Test
    @SuppressWarnings("unchecked")
    void policyChangesByARealmAdminAreAdminEvents(TestRealm realm) {
        realm.adminOk("PUT", "/events/config", Map.of("adminEventsEnabled", true, "adminEventsDetailsEnabled", true));
        String audited = realm.createOrganization("audited", "Audited", "audited.test");
        TenantPolicyFixtures.setPolicy(realm, audited, Map.of("tenancy.policy.mfa", List.of("all")));
        List<Object> events = realm.adminCall(
                        "GET", "/admin-events?resourceTypes=ORGANIZATION&operationTypes=UPDATE&max=20", null)
                .jsonList();
        assertThat(events).anySatisfy(e -> {
            Map<String, Object> event = (Map<String, Object>) e;
            assertThat((String) event.get("resourcePath")).contains(audited);
            assertThat((String) event.get("representation")).contains("tenancy.policy.mfa");
        });
    }
}
