package dev.tenancy.it.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.HttpFormNavigator;
import dev.tenancy.it.TenantApi;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tenant's password rules at REGISTRATION: a new user who follows a tenant's invitation link and registers is no
 * member yet, and the request has no organization context; the rules of the invitation's tenant apply all the same
 * ("Tenant password rules" asks the login's tenant of tenant-admin-rest), and the refusal names the rule.
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class TenantPolicyRegistrationIT {

    static TenantApi api;
    static String inviterToken;

    @BeforeAll
    static void setUp(TestRealm realm) {
        Map<String, Object> representation = realm.adminCall("GET", "", null).json();
        representation.put("passwordPolicy", "length(8) and tenancy-tenant-password-policy");
        representation.put("registrationAllowed", true);
        realm.adminOk("PUT", "", representation);
        api = TenantApi.setUp(realm);
        String acme = realm.createOrganization("acme", "Acme Corp");
        api.member(acme, "ann", api.groupWithPermissions(acme, "admins", "tenant-admin"));
        inviterToken = api.token("ann", "acme");
        Http.Response policy = api.call("PUT", "/acme/policy", Map.of("password.min-length", 12), inviterToken);
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
    }

    @Test
    void aNewUserRegisteringThroughAnInvitationGetsTheTenantsRules(TestRealm realm) {
        Map<String, Object> invitation = api.call(
                        "POST", "/acme/invitations", Map.of("email", "newbie@example.test"), inviterToken)
                .json();
        HttpFormNavigator browser = new HttpFormNavigator();
        HttpFormNavigator.Page invitationPage =
                browser.open(invitation.get("link").toString(), null);
        HttpFormNavigator.Page form = browser.submit(invitationPage, Map.of("decision", "accept"), null);
        assertThat(HttpFormNavigator.inputNames(form))
                .as(form.body())
                .contains("email", "password", "password-confirm");

        // 10 characters: enough for the realm (8), not for the tenant (12)
        HttpFormNavigator.Page refused = browser.submit(form, registration(form, "Short-pw1!"), null);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("Invalid password: minimum length 12.");
        assertThat(realm.adminCall("GET", "/users?email=newbie@example.test", null)
                        .jsonList())
                .isEmpty();
        assertThat(api.get("/acme/invitations/" + invitation.get("id"), inviterToken)
                        .json())
                .containsEntry("status", "PENDING");

        HttpFormNavigator.Page joined = browser.submit(refused, registration(refused, "Long-enough-pw1!"), null);
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        assertThat(joined.body()).contains("You joined Acme Corp");
        assertThat(realm.adminCall("GET", "/users?email=newbie@example.test", null)
                        .jsonList())
                .hasSize(1);
    }

    private static Map<String, String> registration(HttpFormNavigator.Page form, String password) {
        Map<String, String> values = new HashMap<>(Map.of(
                "email",
                "newbie@example.test",
                "firstName",
                "New",
                "lastName",
                "Bie",
                "password",
                password,
                "password-confirm",
                password));
        if (HttpFormNavigator.inputNames(form).contains("username")) {
            values.put("username", "newbie");
        }
        return values;
    }
}
