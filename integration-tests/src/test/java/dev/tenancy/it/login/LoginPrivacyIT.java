package dev.tenancy.it.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.HttpFormNavigator;
import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing about a user's tenants shows before the first factor (README "Security considerations", "Login privacy"),
 * over plain HTTP with the demo's identity-first flow (Keycloak's organization step: username page, then password
 * page; "Tenant selection" with picker and last tenant after the authentication alternatives) and the
 * {@code tenancy} login theme:
 * <ul>
 *   <li>the password page after the name of a member of three tenants with a last-used tenant, after the name of a
 *       member of ONE tenant, and after an unknown name are the same page once per-request values are normalised,
 *       and name none of the tenants;</li>
 *   <li>branding before authentication follows {@code organization:<alias>} and the typed e-mail domain, never the
 *       memberships;</li>
 *   <li>after the password, the picker lists the tenants and marks the last one;</li>
 *   <li>"Tenant selection" placed between the username and the password reveals and chooses nothing;</li>
 *   <li>and, pinned so that the README stays true, what Keycloak's own organization step still tells.</li>
 * </ul>
 * {@link LoginPrivacyBrowserIT} compares the visible text of the same pages in Chromium.
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
public class LoginPrivacyIT {

    static final String APP = "privacy-app";
    static final String EARLY_APP = "privacy-app-misplaced-flow";
    static final String REDIRECT = "http://localhost/callback";
    static final String MEMBER = "mara.three";
    static final String SINGLE = "sol.one";
    static final String UNKNOWN = "nobody.here";
    /** What the member's tenants could give away on a page: aliases, names, display names, logo URLs. */
    static final List<String> MEMBER_TENANT_MARKS = List.of(
            "north",
            "North Star",
            "Nordlicht",
            "logos.tenancy.test/north",
            "south",
            "Southwind",
            "east",
            "Eastgate",
            "tenancy-picker",
            "tenancy-brand",
            "tenancy-picker-last");

    @BeforeAll
    static void setUp(TestRealm realm) {
        prepare(realm);
    }

    /** The realm of both privacy ITs: theme, tenants with branding, users, flows; mara's last tenant is south. */
    static void prepare(TestRealm realm) {
        Map<String, Object> settings = realm.adminCall("GET", "", null).json();
        settings.put("loginTheme", "tenancy");
        realm.adminOk("PUT", "", settings);
        realm.addActiveTenantMapper(realm.createPublicClient(APP));
        String early = realm.createPublicClient(EARLY_APP);
        realm.addActiveTenantMapper(early);

        String north = realm.createOrganization("north", "North Star", "north.test");
        branding(realm, north, "Nordlicht", "#123456");
        String south = realm.createOrganization("south", "Southwind", "south.test");
        branding(realm, south, "Southwind Ltd", "#654321");
        String east = realm.createOrganization("east", "Eastgate", "east.test");
        String brand = realm.createOrganization("brandco", "Brand Co", "brand.test");
        branding(realm, brand, "Brand Company", "#0a7d33");

        String mara = realm.createUser(MEMBER, "mara@example.test");
        for (String tenant : List.of(north, south, east)) {
            realm.addMember(tenant, mara);
        }
        realm.addMember(north, realm.createUser(SINGLE, "sol@example.test"));
        realm.createUser("olga", "olga@brand.test"); // in no tenant; her address is in brandco's domain

        Map<String, String> selection = Map.of("showTenantPicker", "true", "rememberLastTenant", "true");
        realm.installIdentityFirstBrowserFlowWithTenantSelection(selection, true);
        String earlyFlow = realm.installFlowWithTenantSelectionBeforePassword(selection);
        Map<String, Object> client =
                realm.adminCall("GET", "/clients/" + early, null).json();
        client.put("authenticationFlowBindingOverrides", Map.of("browser", earlyFlow));
        realm.adminOk("PUT", "/clients/" + early, client);

        // mara's last tenant becomes south: picked on the picker after her password
        BrowserlessLogin first = new BrowserlessLogin(realm, APP, REDIRECT);
        BrowserlessLogin.Result picked = first.authorize("openid", MEMBER, "south");
        assertThat(picked.ok())
                .as("%s: %s %s", picked.error(), picked.errorDescription(), picked.lastPage())
                .isTrue();
    }

    static void branding(TestRealm realm, String organizationId, String displayName, String color) {
        Map<String, Object> org =
                realm.adminCall("GET", "/organizations/" + organizationId, null).json();
        String alias = (String) org.get("alias");
        org.put(
                "attributes",
                Map.of(
                        "tenancy.branding.display-name",
                        List.of(displayName),
                        "tenancy.branding.logo-url",
                        List.of("https://logos.tenancy.test/" + alias + ".svg"),
                        "tenancy.branding.primary-color",
                        List.of(color)));
        realm.adminOk("PUT", "/organizations/" + organizationId, org);
    }

    public static String authUrl(TestRealm realm, String clientId, String scope, String... extra) {
        StringBuilder url = new StringBuilder(realm.url())
                .append("/protocol/openid-connect/auth?client_id=")
                .append(clientId)
                .append("&redirect_uri=")
                .append(encode(REDIRECT))
                .append("&response_type=code&scope=")
                .append(encode(scope))
                .append("&state=s&nonce=n");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            url.append('&').append(extra[i]).append('=').append(encode(extra[i + 1]));
        }
        return url.toString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The page a browser gets after typing {@code username} on the identity-first username page. */
    static HttpFormNavigator.Page afterUsername(
            TestRealm realm, String clientId, String scope, String username, String... extra) {
        HttpFormNavigator browser = new HttpFormNavigator();
        HttpFormNavigator.Page first = browser.open(authUrl(realm, clientId, scope, extra), null);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(HttpFormNavigator.inputNames(first))
                .as("the username page")
                .contains("username")
                .doesNotContain("password");
        return browser.submit(first, Map.of("username", username), null);
    }

    /**
     * The page without what differs from request to request anyway: the action URLs' session code, execution, tab id
     * and client data, the hash of the authentication session the page's script checks, and the name the user typed
     * (which the page shows back).
     */
    public static String normalised(String page, String typed) {
        return page.replaceAll("(session_code|execution|client_id|tab_id|client_data|kc_locale)=[^\"&]*", "$1=*")
                .replaceAll("checkAuthSession\\(\\s*\"[^\"]*\"", "checkAuthSession(\"*\"")
                .replace(typed, "<typed>");
    }

    @Test
    void thePasswordPageIsTheSameForAMemberOfThreeTenantsASingleTenantMemberAndAnUnknownName(TestRealm realm) {
        HttpFormNavigator.Page member = afterUsername(realm, APP, "openid", MEMBER);
        HttpFormNavigator.Page single = afterUsername(realm, APP, "openid", SINGLE);
        HttpFormNavigator.Page unknown = afterUsername(realm, APP, "openid", UNKNOWN);
        for (HttpFormNavigator.Page page : List.of(member, single, unknown)) {
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.body()).as("the password page").contains("name=\"password\"");
            assertThat(page.body()).doesNotContain(MEMBER_TENANT_MARKS.toArray(String[]::new));
        }
        assertThat(normalised(member.body(), MEMBER)).isEqualTo(normalised(unknown.body(), UNKNOWN));
        assertThat(normalised(single.body(), SINGLE)).isEqualTo(normalised(unknown.body(), UNKNOWN));
    }

    @Test
    void brandingBeforeAuthenticationFollowsTheRequestedTenant(TestRealm realm) {
        HttpFormNavigator browser = new HttpFormNavigator();
        HttpFormNavigator.Page first = browser.open(authUrl(realm, APP, "openid organization:brandco"), null);
        assertThat(first.body())
                .contains("class=\"tenancy-brand-name\">Brand Company</span>")
                .contains("--tenancy-primary: #0a7d33;");
        // a member of three tenants: her password page shows the requested tenant, nothing of her other tenants
        HttpFormNavigator.Page password = afterUsername(realm, APP, "openid organization:north", MEMBER);
        assertThat(password.body())
                .contains("class=\"tenancy-brand-name\">Nordlicht</span>")
                .doesNotContain("Southwind")
                .doesNotContain("tenancy-picker");
    }

    @Test
    void brandingBeforeAuthenticationFollowsTheTypedEmailDomainButNotTheMemberships(TestRealm realm) {
        HttpFormNavigator hinted = new HttpFormNavigator();
        HttpFormNavigator.Page first =
                hinted.open(authUrl(realm, APP, "openid", "login_hint", "someone@brand.test"), null);
        assertThat(first.body()).contains("class=\"tenancy-brand-name\">Brand Company</span>");

        HttpFormNavigator.Page typed = afterUsername(realm, APP, "openid", "olga@brand.test");
        assertThat(typed.body()).as("the password page").contains("name=\"password\"");
        assertThat(typed.body()).contains("class=\"tenancy-brand-name\">Brand Company</span>");

        // sol's only tenant is north and Keycloak's identity-first step resolves it from that membership: not shown
        HttpFormNavigator.Page single = afterUsername(realm, APP, "openid", SINGLE);
        assertThat(single.body()).doesNotContain("tenancy-brand").doesNotContain("Nordlicht");
    }

    /**
     * What Keycloak 26.7.3's own identity-first step (not ours) still tells, as README "Security considerations" says:
     * for a requested organization it shows an unknown name the username page again, a known one the password page.
     * If this starts to fail, Keycloak changed: update the README.
     */
    @Test
    void keycloaksOrganizationStepStillAnswersAnUnknownNameApartWhenAnOrganizationIsRequested(TestRealm realm) {
        HttpFormNavigator.Page unknown = afterUsername(realm, APP, "openid organization:north", UNKNOWN);
        HttpFormNavigator.Page member = afterUsername(realm, APP, "openid organization:north", MEMBER);
        assertThat(unknown.body()).doesNotContain("name=\"password\"").contains("name=\"username\"");
        assertThat(member.body()).contains("name=\"password\"");
        // our part of both pages: the requested tenant's branding, nothing else of the member's tenants
        assertThat(unknown.body()).contains("class=\"tenancy-brand-name\">Nordlicht</span>");
        assertThat(member.body()).doesNotContain("Southwind").doesNotContain("Eastgate");
    }

    @Test
    void afterThePasswordThePickerListsTheTenantsAndMarksTheLastOne(TestRealm realm) {
        HttpFormNavigator browser = new HttpFormNavigator();
        HttpFormNavigator.Page first = browser.open(authUrl(realm, APP, "openid"), null);
        HttpFormNavigator.Page password = browser.submit(first, Map.of("username", MEMBER), null);
        HttpFormNavigator.Page picker = browser.submit(password, Map.of("password", TestRealm.PASSWORD), null);
        assertThat(picker.body())
                .contains("id=\"tenancy-picker\"")
                .contains("value=\"north\"")
                .contains("value=\"south\"")
                .contains("value=\"east\"")
                .contains("Nordlicht")
                .containsPattern("value=\"south\"[^>]*\\s+class=\"tenancy-picker-button tenancy-picker-last\"");
        HttpFormNavigator.Page done = browser.submit(picker, Map.of("kc.org", "east"), REDIRECT);
        assertThat(done.location()).startsWith(REDIRECT).contains("code=");
    }

    @Test
    void tenantSelectionBeforeThePasswordRevealsAndChoosesNothing(TestRealm realm) {
        HttpFormNavigator.Page member = afterUsername(realm, EARLY_APP, "openid", MEMBER);
        HttpFormNavigator.Page noTenants = afterUsername(realm, EARLY_APP, "openid", "olga");
        assertThat(member.body()).as("straight to the password page").contains("name=\"password\"");
        assertThat(member.body()).doesNotContain(MEMBER_TENANT_MARKS.toArray(String[]::new));
        assertThat(normalised(member.body(), MEMBER))
                .as("the same page as for a user in no tenant")
                .isEqualTo(normalised(noTenants.body(), "olga"));
        // Keycloak's own "Username Form" (not ours) tells an unknown name apart, as README "Security considerations"
        // says
        HttpFormNavigator.Page unknown = afterUsername(realm, EARLY_APP, "openid", UNKNOWN);
        assertThat(unknown.body()).doesNotContain("name=\"password\"").contains("Invalid username");

        // a tenant she is not in, requested before her password: no early refusal that would tell membership
        HttpFormNavigator.Page requested = afterUsername(realm, EARLY_APP, "openid organization:brandco", MEMBER);
        assertThat(requested.body()).as("the password page").contains("name=\"password\"");

        // the login completes; with the step misplaced nobody chose a tenant, so the token has none
        BrowserlessLogin browser = new BrowserlessLogin(realm, EARLY_APP, REDIRECT);
        BrowserlessLogin.Result result = browser.authorize("openid", MEMBER, null);
        assertThat(result.ok())
                .as("%s: %s", result.error(), result.errorDescription())
                .isTrue();
        Http.Response tokens = browser.exchange(result);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(Jwks.decodeUnverified(tokens.string("access_token"))).doesNotContainKey("tenant");
    }
}
