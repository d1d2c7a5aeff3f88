package dev.tenancy.it.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.TenantApi;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import dev.tenancy.testsupport.browser.AxeCore;
import dev.tenancy.testsupport.browser.BrowserTests;
import dev.tenancy.testsupport.browser.Chromium;
import dev.tenancy.testsupport.browser.FocusWalk;
import dev.tenancy.testsupport.browser.KeycloakSignIn;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The tenant admin portal's policy, branding, audit and realm-admin pages in headless Chromium, end to end against
 * the stock server: a tenant admin saves a policy (read back through the API), sees the API's 400 under the field it
 * names, saves branding that the tenancy login theme then shows, filters and pages the audit log (the rows equal the
 * API's answer for the same filter); a realm admin creates, suspends and resumes a tenant; a member without the
 * permission never gets the controls. axe-core (WCAG 2.x A/AA, 0 serious or critical) and keyboard-only use on each
 * page in English and German, no horizontal scrolling at 375 px, no token in the browser's storage.
 *
 * <p>Fixtures through the admin REST API and the tenant API (HTTP); the pages only through the browser.</p>
 */
@ExtendWith(BrowserTests.class)
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SuppressWarnings("unchecked")
class PortalAdminPagesBrowserIT {

    static final Duration WAIT = Duration.ofSeconds(45);
    /** The controls of these pages (data-control); none may be rendered for a caller without the permission. */
    static final List<String> POLICY_CONTROLS = List.of("save-policy", "policy-password.min-length", "policy-mfa");

    static final List<String> BRANDING_CONTROLS =
            List.of("save-branding", "branding-display-name", "branding-color-picker");
    static final List<String> AUDIT_CONTROLS = List.of("audit-apply", "audit-kind", "audit-next", "audit-previous");
    static final List<String> ADMIN_CONTROLS =
            List.of("create-tenant", "suspend-tenant", "resume-tenant", "tenants-search");

    TestRealm realm;
    TenantApi api;
    String portal;
    String acmeId;
    Chromium chromium;
    final List<String> checkedPages = new ArrayList<>();

    @BeforeAll
    void setUp(TestRealm realm) {
        Chromium.assumeAvailable();
        this.realm = realm;
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("passwordPolicy", "length(8)");
        settings.put("adminEventsEnabled", true);
        settings.put("adminEventsDetailsEnabled", true);
        settings.put("loginTheme", "tenancy");
        settings.put("internationalizationEnabled", true);
        settings.put("supportedLocales", List.of("en", "de"));
        settings.put("defaultLocale", "en");
        realm.adminOk("PUT", "", settings);
        api = TenantApi.setUp(realm); // also turns on stored user and admin events
        api.createRealmAdmin("root");
        String ann = realm.createUser("ann", "ann@acme.test");
        Http.Response created = api.call(
                "POST", "", Map.of("alias", "acme", "name", "Acme Corp", "adminUserId", ann), api.token("root", null));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        acmeId = created.string("id");
        api.member(acmeId, "bob"); // a member without any permission
        api.member(acmeId, "carol", api.groupWithPermissions(acmeId, "auditors", "view-audit"));
        portal = realm.url() + "/tenants/portal/";
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }

    // ---- security policy ----

    @Test
    @Order(1)
    void aTenantAdminSavesThePolicyAndTheApiReturnsIt() {
        signIn("ann", "en-US");
        openPage("#/t/acme/policy", "policy");
        assertThat(text("#policy-password-min-length-help-2"))
                .as("the realm's baseline beside the field")
                .isEqualTo("Realm: at least 8");
        assertThat(text("#policy-session-idle-seconds-help-2")).isEqualTo("Realm: at most 1800 s (30 min)");
        type("#policy-password-min-length", "12");
        type("#policy-password-digits", "2");
        type("#policy-session-idle-seconds", "900");
        click("#policy-password-not-username");
        click("#policy-email-verified-required");
        type("#policy-email-allowed-domains", "acme.test\nusers.test");
        click("[data-control='save-policy']");
        awaitText(".portal-page-status", "Security policy saved.");

        Map<String, Object> stored = (Map<String, Object>)
                api.get("/acme/policy", api.token("ann", "acme")).json().get("policy");
        assertThat(stored)
                .containsEntry("password.min-length", 12)
                .containsEntry("password.digits", 2)
                .containsEntry("session.idle-seconds", 900)
                .containsEntry("password.not-username", true)
                .containsEntry("email.verified-required", true)
                .containsEntry("email.allowed-domains", List.of("acme.test", "users.test"))
                .doesNotContainKeys("mfa", "mfa.methods", "password.history");
        assertNoTokenInStorage();
    }

    @Test
    @Order(2)
    void theApisRefusalIsShownUnderTheFieldsItNamesAndNothingIsStored() {
        signIn("ann", "en-US");
        openPage("#/t/acme/policy", "policy");
        type("#policy-password-min-length", "4"); // weaker than the realm's length(8)
        click("#policy-mfa-methods-sms"); // methods without mfa: refused
        click("[data-control='save-policy']");
        WebElement error = chromium.waitFor(By.cssSelector("#policy-password-min-length-error:not([hidden])"));
        assertThat(error.getText()).contains("at least 8, not 4");
        WebElement input = chromium.driver().findElement(By.id("policy-password-min-length"));
        assertThat(input.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(input.getAttribute("aria-describedby")).contains("policy-password-min-length-error");
        assertThat(text("#policy-mfa-methods-error")).contains("has no effect without mfa");
        assertThat(chromium.focused().getAttribute("id"))
                .as("the first refused field in the form has the focus")
                .isEqualTo("policy-mfa-methods-otp");
        assertThat(text(".portal-page-status [role='alert']")).contains("2 field(s)");
        axe("policy page with errors", "en");

        Map<String, Object> stored = (Map<String, Object>)
                api.get("/acme/policy", api.token("ann", "acme")).json().get("policy");
        assertThat(stored)
                .as("nothing of the refused policy is stored")
                .containsEntry("password.min-length", 12)
                .doesNotContainKey("mfa.methods");
    }

    // ---- branding ----

    @Test
    @Order(3)
    void brandingIsSavedAndTheLoginPageShowsIt() {
        signIn("ann", "en-US");
        openPage("#/t/acme/branding", "branding");
        type("#branding-logo-url", "http://insecure.test/logo.png");
        click("[data-control='save-branding']");
        assertThat(chromium.waitFor(By.cssSelector("#branding-logo-url-error:not([hidden])"))
                        .getText())
                .contains("https");
        assertThat(chromium.focused().getAttribute("id")).isEqualTo("branding-logo-url");

        type("#branding-logo-url", "");
        type("#branding-display-name", "Acme Sign-in");
        type("#branding-primary-color", "#f5c518");
        WebElement preview = chromium.waitFor(By.cssSelector("[data-preview='login']"));
        assertThat(preview.getAttribute("data-accent"))
                .as("the shade the login theme derives (BrandPalette)")
                .isEqualTo("#8e720e");
        assertThat(text("[data-preview-part='name']")).isEqualTo("Acme Sign-in");
        assertThat(chromium.has(By.cssSelector("[data-contrast='adjusted']")))
                .as("low-contrast warning")
                .isTrue();
        assertThat(chromium.driver().findElement(By.id("branding-color-picker")).getAttribute("value"))
                .isEqualTo("#f5c518");
        click("[data-control='save-branding']");
        awaitText(".portal-page-status", "Branding saved.");
        assertThat((Map<String, Object>)
                        api.get("/acme", api.token("ann", "acme")).json().get("branding"))
                .containsEntry("display-name", "Acme Sign-in")
                .containsEntry("primary-color", "#f5c518")
                .doesNotContainKey("logo-url");
        chromium.close();

        chromium = Chromium.start("en-US");
        chromium.open(realm.url() + "/protocol/openid-connect/auth?client_id=" + TenantApi.APP
                + "&redirect_uri=http%3A%2F%2Flocalhost%2Fcallback&response_type=code&scope=openid%20organization%3Aacme"
                + "&state=s&nonce=n");
        assertThat(chromium.waitFor(By.id("tenancy-brand-name")).getText()).isEqualTo("Acme Sign-in");
        assertThat(chromium.waitFor(By.id("tenancy-brand-style")).getAttribute("innerHTML"))
                .contains("#f5c518")
                .contains("#8e720e");
    }

    // ---- audit log ----

    @Test
    @Order(4)
    void auditFiltersAndPagesShowExactlyTheApisEvents() {
        String token = api.token("ann", "acme");
        for (int i = 0; i < 22; i++) { // 22 more UPDATE events: more than a page of 20
            Http.Response put = api.call("PUT", "/acme", Map.of("description", "revision " + i), token);
            assertThat(put.status()).as(put.toString()).isEqualTo(200);
        }
        signIn("ann", "en-US");
        openPage("#/t/acme/audit", "audit");
        awaitQuery("kind=admin&first=0&max=21");
        assertThat(eventIdsShown())
                .as("admin events, no filter")
                .isEqualTo(apiEventIds(token, "kind=admin&first=0&max=20"));

        type("#audit-type", "update");
        click("[data-control='audit-apply']");
        awaitQuery("kind=admin&type=UPDATE&first=0&max=21");
        assertThat(text("#audit-range")).isEqualTo("Events 1 to 20");
        List<String> firstPage = eventIdsShown();
        assertThat(firstPage).isEqualTo(apiEventIds(token, "kind=admin&type=UPDATE&first=0&max=20"));
        assertThat(chromium.all(By.cssSelector("#audit-results tbody tr")))
                .allSatisfy(
                        row -> assertThat(row.getAttribute("data-event-type")).isEqualTo("UPDATE"));
        click("[data-control='audit-next']");
        awaitQuery("kind=admin&type=UPDATE&first=20&max=21");
        assertThat(text("#audit-range")).startsWith("Events 21 to");
        assertThat(eventIdsShown())
                .isEqualTo(apiEventIds(token, "kind=admin&type=UPDATE&first=20&max=20"))
                .doesNotContainAnyElementsOf(firstPage);
        click("[data-control='audit-previous']");
        awaitQuery("kind=admin&type=UPDATE&first=0&max=21");
        assertThat(eventIdsShown()).isEqualTo(firstPage);

        type("#audit-type", "CREATE");
        click("[data-control='audit-apply']");
        awaitQuery("kind=admin&type=CREATE&first=0&max=21");
        assertThat(eventIdsShown())
                .as("the tenant's creation, its groups and members")
                .isNotEmpty()
                .isEqualTo(apiEventIds(token, "kind=admin&type=CREATE&first=0&max=20"));
        assertThat(chromium.all(By.cssSelector("#audit-results tbody tr")))
                .allSatisfy(
                        row -> assertThat(row.getAttribute("data-event-type")).isEqualTo("CREATE"));

        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(2).toString();
        type("#audit-type", "");
        type("#audit-date-from", tomorrow);
        click("[data-control='audit-apply']");
        awaitQuery("kind=admin&dateFrom=" + tomorrow + "&first=0&max=21");
        chromium.waitFor(By.cssSelector("[data-empty='audit']"));

        type("#audit-date-from", "04.12.2026");
        click("[data-control='audit-apply']");
        assertThat(chromium.waitFor(By.cssSelector("#audit-date-from-error:not([hidden])"))
                        .getText())
                .contains("YYYY-MM-DD");
        assertThat(chromium.focused().getAttribute("id")).isEqualTo("audit-date-from");
        assertThat(apiEventIds(token, "kind=admin&dateFrom=" + tomorrow + "&first=0&max=20"))
                .isEmpty();

        type("#audit-date-from", "");
        select("#audit-kind", "user");
        click("[data-control='audit-apply']");
        awaitQuery("kind=user&first=0&max=21");
        assertThat(eventIdsShown())
                .as("user events naming the tenant")
                .isEqualTo(apiEventIds(token, "kind=user&first=0&max=20"));
    }

    // ---- realm admins ----

    @Test
    @Order(5)
    void aRealmAdminCreatesSuspendsAndResumesATenant() {
        signIn("root", "en-US");
        openPage("#/admin/tenants", "tenants-admin");
        chromium.waitFor(By.cssSelector("tr[data-tenant='acme']"));

        type("#tenant-create-alias", "Not Valid");
        type("#tenant-create-name", "Globex Test");
        click("[data-control='create-tenant']");
        assertThat(chromium.waitFor(By.cssSelector("#tenant-create-alias-error:not([hidden])"))
                        .getText())
                .contains("lower-case");
        assertThat(chromium.focused().getAttribute("id")).isEqualTo("tenant-create-alias");

        type("#tenant-create-alias", "globex");
        click("[data-control='create-tenant']");
        WebElement row = chromium.waitFor(By.cssSelector("tr[data-tenant='globex'][data-enabled='true']"));
        assertThat(row.getText()).contains("Globex Test");
        assertThat(organizationEnabled("globex")).isTrue();

        click("tr[data-tenant='globex'] [data-control='suspend-tenant']");
        chromium.waitFor(By.cssSelector("tr[data-tenant='globex'][data-enabled='false']"));
        assertThat(organizationEnabled("globex"))
                .as("suspended through the API")
                .isFalse();
        assertThat(chromium.focused().getAttribute("data-control"))
                .as("focus stays on the tenant's action")
                .isEqualTo("resume-tenant");

        click("tr[data-tenant='globex'] [data-control='resume-tenant']");
        chromium.waitFor(By.cssSelector("tr[data-tenant='globex'][data-enabled='true']"));
        assertThat(organizationEnabled("globex")).isTrue();

        type("#tenants-search", "glob");
        click("[data-control='tenants-search']");
        chromium.until(d -> "search=glob&first=0&max=21"
                        .equals(d.findElement(By.id("tenants-list")).getAttribute("data-query"))
                ? true
                : null);
        assertThat(chromium.all(By.cssSelector("#tenants-list tbody tr"))).hasSize(1);
        assertThat(chromium.has(By.cssSelector("tr[data-tenant='acme']"))).isFalse();
        assertNoTokenInStorage();
    }

    // ---- who sees what ----

    @Test
    @Order(6)
    void aCallerWithoutThePermissionNeverSeesTheControls() {
        signIn("bob", "en-US"); // a member of acme without any permission
        for (String route : List.of("#/t/acme/policy", "#/t/acme/branding", "#/t/acme/audit", "#/admin/tenants")) {
            openRoute(route);
            assertThat(chromium.waitFor(By.cssSelector(".portal-page-root")).getAttribute("data-page"))
                    .as(route)
                    .isEqualTo("not-found");
            assertNoControls(route + " for bob", POLICY_CONTROLS, BRANDING_CONTROLS, AUDIT_CONTROLS, ADMIN_CONTROLS);
        }
        chromium.close();

        chromium = null;
        signIn("carol", "en-US"); // view-audit only
        openPage("#/t/acme/audit", "audit");
        assertThat(chromium.has(By.cssSelector("[data-control='audit-apply']"))).isTrue();
        for (String route : List.of("#/t/acme/policy", "#/t/acme/branding", "#/admin/tenants")) {
            openRoute(route);
            assertThat(chromium.waitFor(By.cssSelector(".portal-page-root")).getAttribute("data-page"))
                    .as(route)
                    .isEqualTo("not-found");
            assertNoControls(route + " for carol", POLICY_CONTROLS, BRANDING_CONTROLS, ADMIN_CONTROLS);
        }
        chromium.close();

        chromium = null;
        signIn("ann", "en-US"); // tenant admin, not a realm admin
        openRoute("#/admin/tenants");
        assertNoControls("#/admin/tenants for ann", ADMIN_CONTROLS);
    }

    // ---- accessibility, keyboard, phone width, both languages ----

    @Test
    @Order(7)
    void everyPageIsAccessibleAndKeyboardUsableInEnglishAndGerman() {
        for (String language : List.of("en", "de")) {
            signIn("ann", language.equals("de") ? "de-DE" : "en-US");
            for (String page : List.of("policy", "branding", "audit")) {
                openPage("#/t/acme/" + page, page);
                if (page.equals("audit")) {
                    awaitQuery("kind=admin&first=0&max=21");
                }
                assertThat(((JavascriptExecutor) chromium.driver())
                                .executeScript("return document.documentElement.lang"))
                        .isEqualTo(language);
                checkPage(page, language);
            }
            chromium.close();
            chromium = null;
            signIn("root", language.equals("de") ? "de-DE" : "en-US");
            openPage("#/admin/tenants", "tenants-admin");
            chromium.waitFor(By.cssSelector("tr[data-tenant='acme']"));
            checkPage("tenants-admin", language);
            assertNoTokenInStorage();
            chromium.close();
            chromium = null;
        }
        assertThat(checkedPages).hasSize(8);
    }

    private void checkPage(String page, String language) {
        axe(page, language);
        FocusWalk.assertKeyboardUsable(chromium, page + " (" + language + ")");
        JavascriptExecutor js = (JavascriptExecutor) chromium.driver();
        chromium.driver()
                .executeCdpCommand(
                        "Emulation.setDeviceMetricsOverride",
                        Map.of("width", 375, "height", 812, "deviceScaleFactor", 1, "mobile", true));
        try {
            chromium.until(
                    d -> ((Number) js.executeScript("return window.innerWidth")).intValue() == 375 ? true : null);
            Number scrollWidth = (Number) js.executeScript("return document.documentElement.scrollWidth");
            assertThat(scrollWidth.intValue())
                    .as(page + " (" + language + ") at 375 px: no horizontal scrolling")
                    .isLessThanOrEqualTo(375);
            axe(page + " at 375 px", language);
        } finally {
            chromium.driver().executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
        checkedPages.add(page + " " + language);
    }

    // ---- helpers ----

    /** A fresh browser signed in to the portal as {@code username}, through Keycloak's login pages. */
    private void signIn(String username, String language) {
        if (chromium != null) {
            chromium.close();
        }
        chromium = Chromium.start(language);
        chromium.open(portal);
        // the portal sends a signed-out browser to Keycloak's login page: wait for it, as the page starts at the portal
        chromium.waitFor(By.id("kc-login"));
        KeycloakSignIn.untilBackAt(chromium, portal, username, TestRealm.PASSWORD, "acme", WAIT);
        try {
            chromium.waitFor(By.id("portal-heading"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(
                    "no portal after signing in as " + username + " at " + chromium.url() + ":\n"
                            + chromium.driver().findElement(By.tagName("body")).getText(),
                    e);
        }
    }

    /**
     * Goes to a route and waits until the shell has rendered it: the shell replaces the page's root element on every
     * navigation, and marks the new one busy until the page module's render is done.
     */
    private void openRoute(String route) {
        WebElement before = chromium.driver().findElement(By.cssSelector(".portal-page-root"));
        ((JavascriptExecutor) chromium.driver()).executeScript("location.hash = arguments[0]", route);
        chromium.until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(before)::apply);
        chromium.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                        .executeScript("const r = document.querySelector('.portal-page-root');"
                                + "return r !== null && !r.hasAttribute('aria-busy') && r.childElementCount > 0"))
                ? true
                : null);
    }

    /** Goes to a route and waits for this page's module to have rendered its content. */
    private void openPage(String route, String page) {
        openRoute(route);
        chromium.waitFor(By.cssSelector(".portal-page-root[data-page='" + page + "'] form"));
    }

    private void assertNoControls(String where, List<String>... lists) {
        for (List<String> controls : lists) {
            for (String control : controls) {
                assertThat(chromium.has(By.cssSelector("[data-control='" + control + "']")))
                        .as(where + ": control " + control)
                        .isFalse();
            }
        }
    }

    private void axe(String page, String language) {
        AxeCore.assertAccessible(chromium, page + " (" + language + ")");
    }

    private void assertNoTokenInStorage() {
        List<String> stored = (List<String>) ((JavascriptExecutor) chromium.driver())
                .executeScript("const all = [];"
                        + "for (const s of [localStorage, sessionStorage]) for (let i = 0; i < s.length; i++)"
                        + " all.push(s.key(i) + '=' + s.getItem(s.key(i)));"
                        + "return all;");
        assertThat(stored)
                .as("browser storage of the portal")
                .noneMatch(entry -> entry.matches("(?s).*eyJ[\\w-]+\\.[\\w-]+\\..*"));
        assertThat(stored).noneMatch(entry -> entry.toLowerCase().contains("token"));
    }

    private String text(String css) {
        return chromium.waitFor(By.cssSelector(css)).getText();
    }

    private void awaitText(String css, String expected) {
        chromium.until(d -> d.findElements(By.cssSelector(css)).stream()
                        .anyMatch(e -> e.getText().contains(expected))
                ? true
                : null);
    }

    /** Waits until the audit page shows the answer to this query (the page notes it on its results). */
    private void awaitQuery(String query) {
        chromium.until(
                d -> query.equals(d.findElement(By.id("audit-results")).getAttribute("data-query")) ? true : null);
    }

    private void click(String css) {
        chromium.waitFor(By.cssSelector(css)).click();
    }

    /** Replaces an input's text as a user would (select all, type). */
    private void type(String css, String value) {
        WebElement input = chromium.waitFor(By.cssSelector(css));
        input.clear();
        if (!value.isEmpty()) {
            input.sendKeys(value);
        }
    }

    private void select(String css, String value) {
        new org.openqa.selenium.support.ui.Select(chromium.waitFor(By.cssSelector(css))).selectByValue(value);
    }

    private List<String> eventIdsShown() {
        return chromium.all(By.cssSelector("#audit-results tbody tr")).stream()
                .map(row -> row.getAttribute("data-event-id"))
                .toList();
    }

    private List<String> apiEventIds(String token, String query) {
        Http.Response response = api.get("/acme/events?" + query, token);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.jsonList().stream()
                .map(e -> (String) ((Map<String, Object>) e).get("id"))
                .toList();
    }

    private boolean organizationEnabled(String alias) {
        List<Object> found = realm.adminCall("GET", "/organizations?search=" + alias + "&exact=false", null)
                .jsonList();
        return found.stream()
                .map(o -> (Map<String, Object>) o)
                .filter(o -> alias.equals(o.get("alias")))
                .map(o -> Boolean.TRUE.equals(o.get("enabled")))
                .findFirst()
                .orElseThrow();
    }
}
