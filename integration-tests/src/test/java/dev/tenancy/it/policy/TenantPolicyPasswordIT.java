package dev.tenancy.it.policy;

import static dev.tenancy.it.policy.TenantPolicyFixtures.REDIRECT;
import static dev.tenancy.it.policy.TenantPolicyFixtures.accessClaims;
import static dev.tenancy.it.policy.TenantPolicyFixtures.tenantAlias;
import static dev.tenancy.it.policy.TenantPolicyFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant password rules through the realm's password policy "tenancy-tenant-password-policy": the strictest rule
 * of ALL the user's tenants on top of the realm's, naming the rule; a history longer than the realm keeps; the rules
 * at update-password in the browser; expiry by the strictest maximum age of all the user's tenants, forcing
 * update-password at the next login into any of them.
 */
@KeycloakIntegrationTest
class TenantPolicyPasswordIT {

    static final String APP = "password-app";
    static final int ITERATIONS = 1_000;
    static String acme;
    static String globex;
    static String expiring;

    @BeforeAll
    static void setUp(TestRealm realm) {
        Map<String, Object> representation = realm.adminCall("GET", "", null).json();
        // pbkdf2-sha256 so that the test can store an old password hash that Keycloak does not re-hash at login
        representation.put(
                "passwordPolicy",
                "length(8) and hashAlgorithm(pbkdf2-sha256) and hashIterations(" + ITERATIONS
                        + ") and tenancy-tenant-password-policy");
        realm.adminOk("PUT", "", representation);
        TenantPolicyFixtures.createAppClient(realm, APP);
        acme = realm.createOrganization("acme", "Acme Corp", "acme.test");
        globex = realm.createOrganization("globex", "Globex Inc", "globex.test");
        expiring = realm.createOrganization("expiring", "Expiring Ltd", "expiring.test");
        TenantPolicyFixtures.setPolicy(realm, acme, Map.of("tenancy.policy.password.min-length", List.of("12")));
        TenantPolicyFixtures.setPolicy(
                realm,
                globex,
                Map.of(
                        "tenancy.policy.password.special-chars",
                        List.of("2"),
                        "tenancy.policy.password.history",
                        List.of("3")));
        TenantPolicyFixtures.setPolicy(realm, expiring, Map.of("tenancy.policy.password.max-age-days", List.of("1")));
        String both = realm.createUser("both", "both@example.test");
        realm.addMember(acme, both);
        realm.addMember(globex, both);
        realm.addMember(acme, realm.createUser("acmeonly", "acmeonly@example.test"));
        realm.createUser("nobody", "nobody@example.test");
        realm.addMember(globex, realm.createUser("hist", "hist@example.test"));
        realm.addMember(acme, realm.createUser("upd", "upd@example.test"));
        realm.installBrowserFlowWithTenantPolicies();
    }

    static Http.Response reset(TestRealm realm, String username, String password) {
        String id = (String) ((Map<?, ?>) realm.adminCall("GET", "/users?exact=true&username=" + username, null)
                        .jsonList()
                        .get(0))
                .get("id");
        return realm.adminCall(
                "PUT",
                "/users/" + id + "/reset-password",
                Map.of("type", "password", "value", password, "temporary", false));
    }

    static void assertRefused(Http.Response response, String messageKey, String descriptionPart) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.string("error")).isEqualTo(messageKey);
        assertThat(response.string("error_description")).contains(descriptionPart);
    }

    @Test
    void aUserInTwoTenantsGetsTheStrictestRuleOfEachOnTopOfTheRealms(TestRealm realm) {
        assertRefused(reset(realm, "both", "Abcdefgh1!!"), "invalidPasswordMinLengthMessage", "12");
        assertRefused(reset(realm, "both", "Abcdefgh1234"), "invalidPasswordMinSpecialCharsMessage", "2");
        assertThat(reset(realm, "both", "Abcd!efgh#123").status()).isEqualTo(204);

        // one tenant: only its rules
        assertRefused(reset(realm, "acmeonly", "Abcdefgh1!!"), "invalidPasswordMinLengthMessage", "12");
        assertThat(reset(realm, "acmeonly", "Abcdefgh1234").status()).isEqualTo(204);
        // no tenant: only the realm's
        assertThat(reset(realm, "nobody", "Abcdefgh1").status()).isEqualTo(204);
        assertRefused(reset(realm, "nobody", "Ab1!"), "invalidPasswordMinLengthMessage", "8");
    }

    @Test
    void aTenantHistoryLongerThanTheRealmKeepsIsEnforced(TestRealm realm) {
        // the realm keeps no password history at all; globex asks for the last 3
        String p1 = "History!#001";
        assertThat(reset(realm, "hist", p1).status()).isEqualTo(204);
        assertThat(reset(realm, "hist", "History!#002").status()).isEqualTo(204);
        assertRefused(reset(realm, "hist", p1), "invalidPasswordHistoryMessage", "3");
        assertThat(reset(realm, "hist", "History!#003").status()).isEqualTo(204);
        assertRefused(reset(realm, "hist", p1), "invalidPasswordHistoryMessage", "3");
        assertThat(reset(realm, "hist", "History!#004").status()).isEqualTo(204);
        // now p1 is the 4th last: allowed again
        assertThat(reset(realm, "hist", p1).status()).isEqualTo(204);
    }

    @Test
    void updatePasswordInTheBrowserNamesTheTenantRule(TestRealm realm) {
        String id = (String) ((Map<?, ?>) realm.adminCall("GET", "/users?exact=true&username=upd", null)
                        .jsonList()
                        .get(0))
                .get("id");
        Map<String, Object> user = realm.adminCall("GET", "/users/" + id, null).json();
        user.put("requiredActions", List.of("UPDATE_PASSWORD"));
        realm.adminOk("PUT", "/users/" + id, user);

        List<String> updatePages = new ArrayList<>();
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        BrowserlessLogin.Result result = browser.authorize("openid organization:acme", page -> {
            Map<String, String> values = Http.fields("username", "upd", "password", TestRealm.PASSWORD);
            if (page.contains("name=\"password-new\"")) {
                updatePages.add(page);
                String next = updatePages.size() == 1 ? "Short1!x" : "Long-enough-1!";
                values.put("password-new", next);
                values.put("password-confirm", next);
            }
            return values;
        });
        tokens(browser, result);
        assertThat(updatePages).hasSize(2);
        assertThat(updatePages.get(1)).contains("minimum length 12");
    }

    @Test
    void theAccountConsolesPasswordChangeAppliesTheTenantRules(TestRealm realm) {
        // the account console changes the password through the application-initiated action kc_action=UPDATE_PASSWORD
        realm.addMember(acme, realm.createUser("console", "console@example.test"));
        List<String> updatePages = new ArrayList<>();
        BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
        BrowserlessLogin.Result result = browser.authorize(
                "openid organization:acme",
                page -> {
                    Map<String, String> values = Http.fields("username", "console", "password", TestRealm.PASSWORD);
                    if (page.contains("name=\"password-new\"")) {
                        updatePages.add(page);
                        String next = updatePages.size() == 1 ? "Short1!y" : "Long-enough-2!";
                        values.put("password-new", next);
                        values.put("password-confirm", next);
                    }
                    return values;
                },
                "kc_action",
                "UPDATE_PASSWORD");
        tokens(browser, result);
        assertThat(updatePages).hasSize(2);
        assertThat(updatePages.get(1)).contains("minimum length 12");
    }

    @Test
    void aPasswordOlderThanTheStrictestTenantAllowsMustBeChangedAtTheNextLoginIntoAnyTenant(TestRealm realm)
            throws Exception {
        // "old" is in acme (no maximum age) and expiring (1 day); the password is 3 days old
        String old = createUserWithOldPassword(realm, "old", "Old-password-1", Duration.ofDays(3));
        realm.addMember(expiring, old);
        realm.addMember(acme, old);
        // "fresh" is in the same tenants with a password of today: never asked
        String fresh = createUserWithOldPassword(realm, "fresh", "Fresh-password-1", Duration.ofHours(1));
        realm.addMember(expiring, fresh);
        realm.addMember(acme, fresh);
        // "acmeold" is only in acme (no maximum age): its 3-day-old password is fine
        realm.addMember(acme, createUserWithOldPassword(realm, "acmeold", "Old-password-2", Duration.ofDays(3)));

        List<String> updatePages = new ArrayList<>();
        BrowserlessLogin.FieldSource user = page -> {
            Map<String, String> values = Http.fields("username", "old", "password", "Old-password-1");
            if (page.contains("name=\"password-new\"")) {
                updatePages.add(page);
                values.put("password-new", "New-password-12");
                values.put("password-confirm", "New-password-12");
            }
            return values;
        };
        // a login into acme, which has no maximum age: the strictest of the user's tenants (expiring) applies
        BrowserlessLogin acmeBrowser = new BrowserlessLogin(realm, APP, REDIRECT);
        Map<String, Object> claims =
                accessClaims(realm, tokens(acmeBrowser, acmeBrowser.authorize("openid organization:acme", user)));
        assertThat(updatePages)
                .as("update-password was asked in a login into acme")
                .hasSize(1);
        assertThat(tenantAlias(claims)).isEqualTo("acme");

        // the new password is fresh: the next login, into either tenant, is not asked again
        for (String tenant : List.of("expiring", "acme")) {
            BrowserlessLogin next = new BrowserlessLogin(realm, APP, REDIRECT);
            tokens(next, next.authorize("openid organization:" + tenant, page -> {
                assertThat(page).doesNotContain("name=\"password-new\"");
                return Http.fields("username", "old", "password", "New-password-12");
            }));
        }

        for (String[] unchanged : List.of(
                new String[] {"fresh", "Fresh-password-1", "expiring"},
                new String[] {"acmeold", "Old-password-2", "acme"})) {
            BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
            tokens(browser, browser.authorize("openid organization:" + unchanged[2], page -> {
                assertThat(page).as(unchanged[0]).doesNotContain("name=\"password-new\"");
                return Http.fields("username", unchanged[0], "password", unchanged[1]);
            }));
        }
    }

    /** A user whose password credential was created {@code age} ago (a pbkdf2-sha256 hash computed here). */
    static String createUserWithOldPassword(TestRealm realm, String username, String password, Duration age)
            throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256))
                .getEncoded();
        String secretData = Http.JSON.writeValueAsString(Map.of(
                "value",
                Base64.getEncoder().encodeToString(hash),
                "salt",
                Base64.getEncoder().encodeToString(salt),
                "additionalParameters",
                Map.of()));
        String credentialData = Http.JSON.writeValueAsString(
                Map.of("hashIterations", ITERATIONS, "algorithm", "pbkdf2-sha256", "additionalParameters", Map.of()));
        return realm.adminCreate(
                "/users",
                Map.of(
                        "username",
                        username,
                        "email",
                        username + "@example.test",
                        "enabled",
                        true,
                        "emailVerified",
                        true,
                        "firstName",
                        username,
                        "lastName",
                        "Test",
                        "credentials",
                        List.of(Map.of(
                                "type",
                                "password",
                                "secretData",
                                secretData,
                                "credentialData",
                                credentialData,
                                "createdDate",
                                System.currentTimeMillis() - age.toMillis()))));
    }
}
