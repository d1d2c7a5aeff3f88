package dev.tenancy.it.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.TenantApi;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import dev.tenancy.testsupport.browser.AxeCore;
import dev.tenancy.testsupport.browser.BrowserTests;
import dev.tenancy.testsupport.browser.Chromium;
import dev.tenancy.testsupport.browser.KeycloakSignIn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The tenant admin portal ({@code /realms/{realm}/tenants/portal/}) in headless Chromium against the stock server:
 * how it is served (headers, Keycloak's PatternFly, 404s), its client, and the people of one tenant using it: alice
 * (tenant admin of acme, member of globex), bob (plain member), ivy (only {@code manage-invitations}), root (a realm
 * admin), nina (invited during the test). Steps in order; each starts where the previous one ended.
 */
@KeycloakIntegrationTest
@ExtendWith(BrowserTests.class)
@ExtendWith(PortalBrowserIT.Diagnostics.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SuppressWarnings("unchecked")
class PortalBrowserIT {

    static final Duration WAIT = Duration.ofSeconds(45);
    static final Pattern ASSET_VERSION = Pattern.compile("/tenants/portal/([0-9a-f]{12})/app\\.js");

    TestRealm realm;
    TenantApi api;
    String portal;
    String acme;
    String globex;
    String aliceId;
    Map<String, String> groups;
    Chromium chromium;
    ChromeDriver driver;
    String failedStep;
    final List<String> report = new ArrayList<>();

    @BeforeAll
    void setUp(TestRealm realm) {
        Chromium.assumeAvailable();
        this.realm = realm;
        api = TenantApi.setUp(realm);
        portal = realm.url() + "/tenants/portal/";
        acme = realm.createOrganization("acme", "Acme Corp");
        globex = realm.createOrganization("globex", "Globex Inc");
        String admins = api.groupWithPermissions(acme, "admins", "tenant-admin");
        String members = api.groupWithPermissions(acme, "members");
        String viewers = api.groupWithPermissions(acme, "viewers", "view-members");
        String inviters = api.groupWithPermissions(acme, "inviters", "manage-invitations");
        String globexMembers = api.groupWithPermissions(globex, "members");
        groups = Map.of("admins", admins, "members", members, "viewers", viewers, "inviters", inviters);
        String alice = api.member(acme, "alice", admins);
        aliceId = alice;
        realm.addMember(globex, alice);
        realm.joinOrganizationGroup(globex, globexMembers, alice);
        api.member(acme, "bob", members);
        api.member(acme, "ivy", inviters);
        realm.createUser("nina", "nina@users.test");
        api.createRealmAdmin("root");
        chromium = Chromium.startWithLogs();
        driver = chromium.driver();
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    void tearDown() {
        if (chromium != null) {
            chromium.close();
        }
        report.forEach(line -> System.out.println("[portal] " + line));
    }

    @BeforeEach
    void previousStepsPassed() {
        Assumptions.assumeTrue(failedStep == null, () -> "skipped: the scenario broke at " + failedStep);
    }

    static final class Diagnostics implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            context.getTestInstance()
                    .map(PortalBrowserIT.class::cast)
                    .ifPresent(t -> t.diagnose(context.getDisplayName()));
        }
    }

    void diagnose(String step) {
        failedStep = step;
        if (driver == null) {
            return;
        }
        try {
            StringBuilder out = new StringBuilder("\n===== portal at failure of " + step + " =====\n");
            out.append(driver.getCurrentUrl()).append('\n');
            String page = driver.getPageSource();
            int body = Math.max(0, page.indexOf("<body"));
            out.append(page, body, Math.min(page.length(), body + 8000)).append('\n');
            chromium.screenshot(Path.of("target/screenshots/portal-failure.png"));
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                out.append("console ")
                        .append(entry.getLevel())
                        .append(' ')
                        .append(entry.getMessage())
                        .append('\n');
            }
            System.err.println(out.append("===== end ====="));
        } catch (RuntimeException e) {
            System.err.println("[portal] no browser report: " + e);
        }
    }

    // ---- serving ----

    @Test
    @Order(1)
    void thePageIsServedWithItsHeadersAndKeycloaksOwnPatternFly() {
        Http.Response redirect = Http.get(realm.url() + "/tenants/portal", Map.of());
        assertThat(redirect.status()).as(redirect.toString()).isEqualTo(301);
        assertThat(redirect.header("Location")).isEqualTo(portal);

        Http.Response page = Http.get(portal, Map.of("Accept-Language", "de-DE,de;q=0.9"));
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.header("Content-Security-Policy"))
                .contains("script-src 'self'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
        assertThat(page.body()).contains("<html lang=\"de\">").contains("Mandanten-Verwaltung");
        assertThat(Http.get(portal + "?ui_locales=en", Map.of("Accept-Language", "de"))
                        .body())
                .contains("<html lang=\"en\">");

        Matcher styles = Pattern.compile(
                        "href=\"(/resources/[^\"]+/common/keycloak/vendor/patternfly-v5/[^\"]+\\.css)\"")
                .matcher(page.body());
        List<String> sheets = new ArrayList<>();
        while (styles.find()) {
            sheets.add(styles.group(1));
        }
        assertThat(sheets)
                .as("Keycloak's PatternFly, as its keycloak.v2 login theme links it")
                .hasSize(2);
        String login = Http.get(
                        realm.url() + "/protocol/openid-connect/auth?client_id=tenancy-portal&response_type=code"
                                + "&redirect_uri=" + portal + "&code_challenge=" + "a".repeat(43)
                                + "&code_challenge_method=S256",
                        Map.of())
                .body();
        for (String sheet : sheets) {
            assertThat(login).as("the login page links the same sheet").contains(sheet);
            Http.Response css = Http.get(realm.server().baseUrl() + sheet, Map.of());
            assertThat(css.status()).as(sheet).isEqualTo(200);
            assertThat(css.header("Content-Type")).startsWith("text/css");
        }

        Matcher version = ASSET_VERSION.matcher(page.body());
        assertThat(version.find()).as("the page names its versioned script").isTrue();
        String assets = portal + version.group(1) + "/";
        for (String file : List.of("app.js", "api.js", "i18n.js", "ui.js", "pages/home.js", "pages/members.js")) {
            Http.Response script = Http.get(assets + file, Map.of());
            assertThat(script.status()).as(file).isEqualTo(200);
            assertThat(script.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
            assertThat(script.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        }
        Http.Response css = Http.get(assets + "portal.css", Map.of());
        assertThat(css.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
        assertThat(Http.get(portal + "000000000000/app.js", Map.of()).header("Cache-Control"))
                .as("an old version's URL gets today's file, uncached")
                .isEqualTo("no-cache");

        for (String unknown : List.of(
                "nothing.js",
                version.group(1) + "/nothing.js",
                version.group(1) + "/index.html",
                version.group(1) + "/messages/messages_en.properties",
                version.group(1) + "/..%2Fopenapi.yaml",
                "index.html",
                "x/y/z")) {
            Http.Response missing = Http.get(portal + unknown, Map.of());
            TenantApi.assertError(missing, 404, "not_found");
        }
        report.add("page " + page.body().length() + " bytes; styles " + sheets);
    }

    @Test
    @Order(2)
    void theClientTenancyPortalIsKeptWithItsRequiredSettings() {
        Map<String, Object> client =
                (Map<String, Object>) realm.adminCall("GET", "/clients?clientId=tenancy-portal", null)
                        .jsonList()
                        .get(0);
        assertThat(client)
                .containsEntry("publicClient", true)
                .containsEntry("standardFlowEnabled", true)
                .containsEntry("implicitFlowEnabled", false)
                .containsEntry("directAccessGrantsEnabled", false)
                .containsEntry("serviceAccountsEnabled", false)
                .containsEntry("fullScopeAllowed", false)
                .containsEntry("rootUrl", "${authBaseUrl}")
                .containsEntry("redirectUris", List.of("/realms/" + realm.name() + "/tenants/portal/"))
                .containsEntry("webOrigins", List.of("+"));
        assertThat((Map<String, Object>) client.get("attributes"))
                .containsEntry("pkce.code.challenge.method", "S256")
                .containsEntry("tenancy.session.cookie-mode", "true");
        String uuid = (String) client.get("id");
        assertThat(realm.adminCall("GET", "/clients/" + uuid + "/default-client-scopes", null)
                        .jsonList())
                .anySatisfy(scope -> assertThat((Map<String, Object>) scope).containsEntry("name", "tenancy-admin"));
        Map<String, Object> scope = realm.adminCall("GET", "/clients/" + uuid + "/scope-mappings", null)
                .json();
        Map<String, Object> clientMappings = (Map<String, Object>) scope.get("clientMappings");
        assertThat(clientMappings).containsOnlyKeys("tenancy-permissions", "realm-management");
        List<Object> realmAdminRoles =
                (List<Object>) ((Map<String, Object>) clientMappings.get("realm-management")).get("mappings");
        assertThat(realmAdminRoles)
                .extracting(role -> ((Map<String, Object>) role).get("name"))
                .containsExactlyInAnyOrder("manage-realm", "manage-organizations");
    }

    // ---- helpers ----

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Ends every session of the browser (all cookies) and signs {@code username} in at the portal. */
    void signIn(String username) {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.get(portal);
        chromium.waitFor(By.id("kc-login")); // the page sends the browser to Keycloak's login (no cookie session)
        KeycloakSignIn.untilBackAt(chromium, portal, username, TestRealm.PASSWORD, "acme", WAIT);
        awaitPage();
        assertNoTokenInStorage("after the sign-in of " + username);
    }

    /** Waits until the route's page has rendered (the shell marks it busy while the module renders). */
    void awaitPage() {
        chromium.until(d -> !d.findElements(By.cssSelector(".portal-page-root[data-page]:not([aria-busy])"))
                        .isEmpty()
                && !d.findElement(By.id("portal-heading")).getText().isBlank());
    }

    /** Goes to a route and waits for its page: the shell replaces the page's root element on every navigation. */
    void go(String hash) {
        WebElement before = driver.findElement(By.cssSelector(".portal-page-root"));
        js("location.hash = arguments[0]", hash);
        chromium.until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(before)::apply);
        awaitPage();
    }

    String page() {
        return driver.findElement(By.cssSelector(".portal-page-root")).getAttribute("data-page");
    }

    /** The data-control names of the visible controls. */
    List<String> controls() {
        return (List<String>) js("return [...document.querySelectorAll('[data-control]')]"
                + ".filter(e => e.getClientRects().length > 0).map(e => e.dataset.control)");
    }

    List<String> navLinks() {
        return (List<String>)
                js("return [...document.querySelectorAll('nav [data-control]')].map(e => e.dataset.control)");
    }

    void assertNoTokenInStorage(String when) {
        Map<String, Object> storage = (Map<String, Object>)
                js(
                        "return {local: localStorage.length, session:"
                                + " Object.keys(sessionStorage).length, keys: Object.keys(localStorage).concat(Object.keys(sessionStorage))}");
        assertThat(storage)
                .as("browser storage " + when)
                .containsEntry("local", 0L)
                .containsEntry("session", 0L);
    }

    WebElement control(String name) {
        return chromium.waitFor(By.cssSelector("[data-control='" + name + "']"));
    }

    void axe(String what) {
        List<AxeCore.Violation> minor = AxeCore.assertAccessible(chromium, what);
        report.add("axe " + what + ": 0 serious/critical, " + minor.size() + " minor/moderate "
                + minor.stream().map(AxeCore.Violation::rule).toList());
    }

    WebElement inRow(String dataAttribute, String value, String controlName) {
        return chromium.waitFor(inRowBy(dataAttribute, value, controlName));
    }

    static By inRowBy(String dataAttribute, String value, String controlName) {
        return By.xpath(
                "//tr[.//*[@data-" + dataAttribute + "='" + value + "']]//*[@data-control='" + controlName + "']");
    }

    /** Clicks the row's control, found afresh if the list re-rendered between finding and clicking. */
    void clickInRow(String dataAttribute, String value, String controlName) {
        By control = inRowBy(dataAttribute, value, controlName);
        chromium.until(d -> {
            d.findElement(control).click();
            return true;
        });
    }

    /** The row's text, read afresh (the list re-renders after every write). */
    String rowText(String dataAttribute, String value) {
        By row = By.xpath("//tr[.//*[@data-" + dataAttribute + "='" + value + "']]");
        return chromium.until(d -> d.findElement(row).getText());
    }

    void click(String controlName) {
        By control = By.cssSelector("[data-control='" + controlName + "']");
        chromium.until(d -> {
            d.findElement(control).click();
            return true;
        });
    }

    void awaitText(By by, String text) {
        chromium.until(
                d -> d.findElements(by).stream().anyMatch(e -> e.getText().contains(text)));
    }

    void screenshot(String name) {
        Path dir = Path.of(System.getProperty("tenancy.portal.screenshots", "target/screenshots"));
        chromium.screenshot(dir.resolve(name + ".png"));
    }

    // ---- the people ----

    @Test
    @Order(10)
    void aliceSignsInSeesHerTenantsAndEntersAcme() {
        signIn("alice");
        assertThat(page()).isEqualTo("home");
        assertThat(control("tenant-list").getText()).contains("Acme Corp").contains("Globex Inc");
        axe("my tenants (alice, en)");
        go("#/t/acme/members");
        assertThat(page()).isEqualTo("members");
        assertThat(navLinks())
                .contains(
                        "nav-home",
                        "nav-my-invitations",
                        "nav-members",
                        "nav-invitations",
                        "nav-roles",
                        "nav-policy",
                        "nav-branding",
                        "nav-audit",
                        "account-console")
                .doesNotContain("nav-tenants-admin");
        assertThat(new org.openqa.selenium.support.ui.Select(control("tenant-selector"))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .as("the switch made acme the session's tenant")
                .isEqualTo("acme");
        assertThat(control("member-count").getText()).contains("3");
        assertThat(rowText("member", "alice")).contains("admins");
        assertThat(chromium.focused().getAttribute("id"))
                .as("focus on the heading after navigation")
                .isEqualTo("portal-heading");
        axe("members (alice, en)");
        screenshot("portal-members");
        assertNoTokenInStorage("on the members page");
    }

    /** The link box's value; the page may re-render it (the list reloads after a write), so read it afresh. */
    String invitationLink() {
        return chromium.until(d -> {
            try {
                return d.findElement(By.cssSelector("[data-control='invitation-link']"))
                        .getAttribute("value");
            } catch (org.openqa.selenium.StaleElementReferenceException
                    | org.openqa.selenium.NoSuchElementException e) {
                return null;
            }
        });
    }

    @Test
    @Order(11)
    void aliceInvitesNinaAndGetsTheLinkBecauseTheRealmSendsNoEmail() {
        go("#/t/acme/invitations");
        assertThat(page()).isEqualTo("invitations");
        control("invite-email").sendKeys("nina@users.test");
        chromium.waitFor(By.cssSelector("[data-control='invite-role'][data-role='members']"))
                .click();
        click("create-invitation");
        control("invitation-link");
        assertThat(invitationLink()).startsWith(realm.url() + "/tenants/invitations/accept?key=");
        assertThat(controls()).contains("copy-link");
        awaitText(By.cssSelector("[data-control='invitation-list']"), "nina@users.test");
        assertThat(rowText("invitation", "nina@users.test")).contains("Pending").contains("members");
        screenshot("portal-invitations");
        axe("invitations (alice, en)");

        // resend: the same invitation, a new link; revoke another one; the filter
        String first = invitationLink();
        clickInRow("invitation", "nina@users.test", "resend-invitation");
        chromium.until(d -> !first.equals(invitationLink()));
        assertThat(rowText("invitation", "nina@users.test")).contains("Pending");
        control("invite-email").sendKeys("temp@users.test");
        click("create-invitation");
        awaitText(By.cssSelector("[data-control='invitation-list']"), "temp@users.test");
        clickInRow("invitation", "temp@users.test", "revoke-invitation");
        click("confirm");
        chromium.until(d -> rowText("invitation", "temp@users.test").contains("Revoked"));
        new org.openqa.selenium.support.ui.Select(control("invitation-status-filter")).selectByValue("pending");
        chromium.until(d -> d.findElements(By.cssSelector("[data-invitation='temp@users.test']"))
                .isEmpty());
        assertThat(rowText("invitation", "nina@users.test")).contains("Pending");

        // bad input: the API's message next to the field
        control("invite-email").sendKeys("not-an-address");
        click("create-invitation");
        awaitText(By.cssSelector(".pf-v5-c-helper-text__item.pf-m-error"), "email");
        assertThat(control("invite-email").getAttribute("aria-invalid")).isEqualTo("true");
        assertNoTokenInStorage("after inviting");
    }

    @Test
    @Order(12)
    void theRolesPageListsEachRoleWithItsPermissions() {
        go("#/t/acme/roles");
        assertThat(rowText("role", "admins")).contains("tenant-admin");
        assertThat(rowText("role", "viewers")).contains("view-members");
        assertThat(rowText("role", "inviters")).contains("manage-invitations");
        axe("roles (alice, en)");
    }

    @Test
    @Order(13)
    void ninaAcceptsInMyInvitationsAndMakesAcmeHerActiveTenant() {
        signIn("nina");
        assertThat(page()).isEqualTo("home");
        assertThat(controls()).doesNotContain("tenant-selector", "tenant-list");
        go("#/invitations");
        assertThat(rowText("tenant", "acme")).contains("Acme Corp").contains("members");
        axe("my invitations (nina, en)");
        screenshot("portal-my-invitations");
        clickInRow("tenant", "acme", "accept-invitation");
        chromium.until(d -> !d.findElements(By.cssSelector("[data-control='tenant-selector']"))
                .isEmpty());
        go("#/");
        assertThat(control("tenant-list").getText()).contains("Acme Corp");
        clickInRow("tenant", "acme", "switch-tenant");
        chromium.until(d -> rowText("tenant", "acme").contains("Active"));
        assertThat(navLinks())
                .as("a plain member sees no tenant page")
                .doesNotContain(
                        "nav-members", "nav-invitations", "nav-roles", "nav-policy", "nav-branding", "nav-audit");
        assertNoTokenInStorage("after accepting");
    }

    @Test
    @Order(14)
    void aliceChangesNinasRolesEndsHerSessionInAcmeAndRemovesHer() {
        signIn("alice");
        go("#/t/acme/members");
        control("member-search").sendKeys("nina");
        click("search-members");
        chromium.until(d -> d.findElements(By.cssSelector("[data-member]")).size() == 1);
        assertThat(rowText("member", "nina")).contains("members");

        clickInRow("member", "nina", "change-roles");
        WebElement viewers =
                chromium.waitFor(By.cssSelector("dialog [data-control='role-option'][data-role='viewers']"));
        axe("change roles dialog (alice, en)");
        viewers.click();
        click("save-roles");
        chromium.until(d -> rowText("member", "nina").contains("viewers"));

        clickInRow("member", "nina", "member-sessions");
        chromium.waitFor(By.cssSelector("dialog [data-control='session-list']"));
        assertThat(driver.findElement(By.cssSelector("dialog")).getText()).contains("tenancy-portal");
        screenshot("portal-member-sessions");
        click("end-sessions");
        awaitText(By.cssSelector(".portal-messages"), "nina");
        clickInRow("member", "nina", "member-sessions");
        chromium.waitFor(By.cssSelector("dialog [data-control='no-sessions']"));
        click("cancel");

        clickInRow("member", "nina", "remove-member");
        click("confirm");
        chromium.until(
                d -> d.findElements(By.cssSelector("[data-member='nina']")).isEmpty());
        assertThat(api.get("/acme/members?search=nina", api.token("alice", "acme"))
                        .jsonList())
                .isEmpty();
        assertNoTokenInStorage("after removing");
    }

    /**
     * Which permissions each control needs ({@code a+b}: both; invite sits on the members page, which needs
     * view-members); a caller without them never sees the control.
     */
    static final Map<String, String> CONTROL_PERMISSION = Map.ofEntries(
            Map.entry("invite", "view-members+manage-invitations"),
            Map.entry("change-roles", "view-members+manage-roles"),
            Map.entry("member-sessions", "view-members+manage-sessions"),
            Map.entry("remove-member", "view-members+manage-members"),
            Map.entry("create-invitation", "manage-invitations"),
            Map.entry("resend-invitation", "manage-invitations"),
            Map.entry("revoke-invitation", "manage-invitations"),
            Map.entry("nav-members", "view-members"),
            Map.entry("nav-roles", "view-members"),
            Map.entry("nav-invitations", "manage-invitations"),
            Map.entry("nav-policy", "manage-policies"),
            Map.entry("nav-branding", "manage-policies"),
            Map.entry("nav-audit", "view-audit"),
            Map.entry("invite-role", "view-members+manage-invitations"),
            Map.entry("nav-tenants-admin", "realm-admin"));

    @Test
    @Order(15)
    void eachPersonSeesOnlyTheControlsTheirPermissionsAllow() {
        List<String> all = List.of(
                "view-members",
                "manage-members",
                "manage-roles",
                "manage-invitations",
                "manage-policies",
                "manage-sessions",
                "view-audit");
        List<String> realmAdmin = new ArrayList<>(all);
        realmAdmin.add("realm-admin"); // not a member of acme: a realm admin acts in every tenant (the API's rule)
        Map<String, List<String>> permissions =
                Map.of("alice", all, "bob", List.of(), "ivy", List.of("manage-invitations"), "root", realmAdmin);
        // a pending invitation, so that resend/revoke have a row to appear in
        api.call("POST", "/acme/invitations", Map.of("email", "matrix@users.test"), api.token("alice", "acme"));
        for (Map.Entry<String, List<String>> person : permissions.entrySet()) {
            signIn(person.getKey());
            java.util.Set<String> seen = new java.util.TreeSet<>(controls());
            for (String route :
                    List.of("#/t/acme/members", "#/t/acme/invitations", "#/t/acme/roles", "#/invitations")) {
                go(route);
                seen.addAll(controls());
                if (!route.equals("#/invitations")) {
                    String expectedPage = route.substring(route.lastIndexOf('/') + 1);
                    boolean allowed = person.getValue()
                            .contains(route.endsWith("invitations") ? "manage-invitations" : "view-members");
                    assertThat(page())
                            .as(person.getKey() + " at " + route)
                            .isEqualTo(allowed ? expectedPage : "not-found");
                }
            }
            for (Map.Entry<String, String> control : CONTROL_PERMISSION.entrySet()) {
                boolean may =
                        person.getValue().containsAll(List.of(control.getValue().split("\\+")));
                if (may) {
                    assertThat(seen)
                            .as(person.getKey() + " sees " + control.getKey())
                            .contains(control.getKey());
                } else {
                    assertThat(seen)
                            .as(person.getKey() + " never sees " + control.getKey())
                            .doesNotContain(control.getKey());
                }
            }
            report.add("controls of " + person.getKey() + ": " + seen);
            assertNoTokenInStorage("after " + person.getKey() + "'s walk");
        }
    }

    @Test
    @Order(16)
    void everyWriteToCookieModeCarriesItsCsrfHeader() {
        List<Map<String, Object>> posts = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            Map<String, Object> message =
                    (Map<String, Object>) parse(entry.getMessage()).get("message");
            if ("Network.requestWillBeSent".equals(message.get("method"))) {
                Map<String, Object> request =
                        (Map<String, Object>) ((Map<String, Object>) message.get("params")).get("request");
                if ("POST".equals(request.get("method"))
                        && ((String) request.get("url")).contains("/tenancy-session/")) {
                    posts.add(request);
                }
            }
        }
        assertThat(posts)
                .as("token, switch and refresh calls of cookie mode were made")
                .hasSizeGreaterThan(4);
        assertThat(posts).allSatisfy(request -> assertThat((Map<String, Object>) request.get("headers"))
                .as(String.valueOf(request.get("url")))
                .containsEntry("X-Tenancy-CSRF", "1"));
        assertThat(posts)
                .extracting(request -> ((String) request.get("url")).replaceAll(".*/", ""))
                .contains("token", "switch");
        report.add("cookie-mode POSTs checked for X-Tenancy-CSRF: " + posts.size());
    }

    static Map<String, Object> parse(String json) {
        try {
            return Http.JSON.readValue(json, Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(17)
    void keyboardOnlyAliceChangesARoleInADialogThatTrapsFocusAndClosesOnEscape() {
        signIn("alice");
        go("#/t/acme/members");
        dev.tenancy.testsupport.browser.FocusWalk.assertKeyboardUsable(chromium, "members (alice)");
        // reach bob's "Change roles" with Tab only
        new org.openqa.selenium.interactions.Actions(driver)
                .moveToLocation(1, 1)
                .click()
                .perform();
        WebElement target = inRow("member", "bob", "change-roles");
        for (int i = 0; i < 80 && !target.equals(chromium.focused()); i++) {
            new org.openqa.selenium.interactions.Actions(driver)
                    .sendKeys(org.openqa.selenium.Keys.TAB)
                    .perform();
        }
        assertThat(chromium.focused()).as("Tab reaches bob's Change roles").isEqualTo(target);
        new org.openqa.selenium.interactions.Actions(driver)
                .sendKeys(org.openqa.selenium.Keys.ENTER)
                .perform();
        WebElement dialog = chromium.waitFor(By.cssSelector("dialog[open]"));
        assertThat((Boolean) js("return arguments[0].contains(document.activeElement)", dialog))
                .isTrue();
        for (int i = 0; i < 15; i++) {
            new org.openqa.selenium.interactions.Actions(driver)
                    .sendKeys(org.openqa.selenium.Keys.TAB)
                    .perform();
            assertThat((Boolean) js("return arguments[0].contains(document.activeElement)", dialog))
                    .as("Tab stays in the dialog")
                    .isTrue();
        }
        new org.openqa.selenium.interactions.Actions(driver)
                .sendKeys(org.openqa.selenium.Keys.ESCAPE)
                .perform();
        chromium.until(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
        assertThat(chromium.focused()).as("focus back on the opener").isEqualTo(target);

        new org.openqa.selenium.interactions.Actions(driver)
                .sendKeys(org.openqa.selenium.Keys.ENTER)
                .perform();
        WebElement viewers =
                chromium.waitFor(By.cssSelector("dialog [data-control='role-option'][data-role='viewers']"));
        while (!viewers.equals(chromium.focused())) {
            new org.openqa.selenium.interactions.Actions(driver)
                    .sendKeys(org.openqa.selenium.Keys.TAB)
                    .perform();
        }
        new org.openqa.selenium.interactions.Actions(driver)
                .sendKeys(org.openqa.selenium.Keys.SPACE)
                .perform();
        WebElement save = control("save-roles");
        while (!save.equals(chromium.focused())) {
            new org.openqa.selenium.interactions.Actions(driver)
                    .sendKeys(org.openqa.selenium.Keys.TAB)
                    .perform();
        }
        new org.openqa.selenium.interactions.Actions(driver)
                .sendKeys(org.openqa.selenium.Keys.ENTER)
                .perform();
        chromium.until(d -> rowText("member", "bob").contains("viewers"));

        // navigation by keyboard: a nav link, Enter, the focus lands on the new page's heading
        WebElement roles = control("nav-roles");
        js("arguments[0].focus()", roles);
        new org.openqa.selenium.interactions.Actions(driver)
                .sendKeys(org.openqa.selenium.Keys.ENTER)
                .perform();
        chromium.until(d -> d.getCurrentUrl().endsWith("#/t/acme/roles"));
        awaitPage();
        assertThat(chromium.focused().getAttribute("id")).isEqualTo("portal-heading");
        assertNoTokenInStorage("after the keyboard walk");
    }

    @Test
    @Order(18)
    void onAPhonesWidthNothingScrollsSideways() {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(375, 812));
        try {
            for (String route : List.of("#/", "#/t/acme/members", "#/t/acme/invitations", "#/t/acme/roles")) {
                go(route);
                Number overflow = (Number) js("return document.documentElement.scrollWidth - window.innerWidth");
                assertThat(overflow.intValue())
                        .as("horizontal overflow at 375 px on " + route)
                        .isLessThanOrEqualTo(0);
            }
            go("#/t/acme/members");
            screenshot("portal-members-phone");
            click("nav-toggle");
            assertThat(control("nav-members").isDisplayed()).isTrue();
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1100, 1000));
        }
    }

    @Test
    @Order(19)
    void firstLoadIsMeasuredFromChromiumsPerformanceEntries() {
        // a new document each time (about:blank first: a URL differing only in its fragment would not reload)
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        driver.get("about:blank");
        driver.get(portal + "#/t/acme/members");
        awaitPage();
        Map<String, Object> cold = firstLoad();
        driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", false));
        driver.get("about:blank");
        driver.get(portal + "#/t/acme/members");
        awaitPage();
        Map<String, Object> warm = firstLoad();
        report.add("first load (members page of alice, a signed-in session), empty cache: " + cold);
        report.add("the same with the browser's cache: " + warm);
        assertThat(((Number) cold.get("requests")).intValue()).isGreaterThan(5);

        // the helper script is revalidated (no-cache) and not sent again: a 304 of headers only on the wire (the whole
        // script would be 16 kB; from the cache unasked, 0). Chromium's decodedBodySize of a 304 varies (0 or the
        // size).
        Map<String, Object> helper = (Map<String, Object>) js("""
                const e = performance.getEntriesByType('resource').find(e => e.name.endsWith('/tenancy-session.js'));
                return e && {status: e.responseStatus, transferBytes: e.transferSize, decodedBytes: e.decodedBodySize};
                """);
        report.add("tenancy-session.js with the browser's cache: " + helper);
        assertThat(helper).as("the page loaded the helper").isNotNull();
        assertThat(((Number) helper.get("transferBytes")).intValue())
                .as("bytes on the wire for the helper: " + helper)
                .isBetween(1, 999);
    }

    /** Requests and bytes on the wire of the page load so far (navigation + resources, from performance entries). */
    Map<String, Object> firstLoad() {
        return (Map<String, Object>) js("""
                const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
                const sum = (list, f) => list.reduce((a, e) => a + (e[f] || 0), 0);
                const kind = e => e.name.includes('/tenants/portal/') && !e.name.includes('/tenants/portal/#')
                    && e.entryType === 'resource' ? 'portal' : e.name.includes('/resources/') ? 'patternfly'
                    : e.name.includes('/tenancy-session/') ? 'session' : e.name.includes('/tenants/') ? 'api' : 'page';
                const by = {};
                for (const e of entries) {
                  const k = kind(e);
                  by[k] = by[k] || {requests: 0, transferBytes: 0, decodedBytes: 0};
                  by[k].requests++; by[k].transferBytes += e.transferSize || 0; by[k].decodedBytes += e.decodedBodySize || 0;
                }
                return {requests: entries.length, transferBytes: sum(entries, 'transferSize'),
                    decodedBytes: sum(entries, 'decodedBodySize'), byKind: JSON.stringify(by),
                    domContentLoadedMs: Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd)};
                """);
    }

    @Test
    @Order(20)
    void everyPageInGermanHasNoSeriousAccessibilityViolation() {
        Chromium english = chromium;
        chromium = Chromium.start("de-DE");
        driver = chromium.driver();
        try {
            signIn("alice");
            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang"))
                    .isEqualTo("de");
            assertThat(driver.findElement(By.id("portal-heading")).getText()).isEqualTo("Meine Mandanten");
            axe("my tenants (alice, de)");
            for (String route :
                    List.of("#/t/acme/members", "#/t/acme/invitations", "#/t/acme/roles", "#/invitations")) {
                go(route);
                axe(route + " (alice, de)");
            }
            go("#/t/acme/members");
            clickInRow("member", "bob", "remove-member");
            chromium.waitFor(By.cssSelector("dialog[open]"));
            axe("remove dialog (alice, de)");
            click("cancel");
            screenshot("portal-members-de");
            // sign-out: the cookie session ends, nothing is left in storage, the next visit asks to sign in
            click("sign-out");
            control("sign-in");
            assertNoTokenInStorage("after signing out");
            axe("signed out (de)");
            driver.get(portal);
            chromium.until(d -> !d.findElements(By.id("kc-login")).isEmpty());
        } finally {
            chromium.close();
            chromium = english;
            driver = english.driver();
        }
    }
    /**
     * A switch that needs a new login (interaction_required: here acme ended alice's chains in her session, so only
     * a new authentication lets the session into acme again) sends her through Keycloak's login; the portal's one
     * redirect URI carries no route, yet afterwards she is back on the route she was on, in acme.
     */
    @Test
    @Order(21)
    void afterTheLoginThatATenantSwitchNeedsThePortalIsBackOnThePreviousRoute() {
        signIn("alice");
        go("#/t/acme/roles");
        // a second client's login in the same browser (SSO): a chain in acme beside the portal's
        String sideClient = realm.adminCreate(
                "/clients",
                Map.of(
                        "clientId",
                        "portal-it-side",
                        "publicClient",
                        true,
                        "standardFlowEnabled",
                        true,
                        "redirectUris",
                        List.of(realm.url() + "/.well-known/openid-configuration")));
        assertThat(sideClient).isNotBlank();
        driver.executeScript(
                "window.open(arguments[0], 'side')",
                realm.url()
                        + "/protocol/openid-connect/auth?response_type=code&client_id=portal-it-side&scope="
                        + "openid%20organization:acme&redirect_uri="
                        + java.net.URLEncoder.encode(
                                realm.url() + "/.well-known/openid-configuration",
                                java.nio.charset.StandardCharsets.UTF_8));
        String portalTab = driver.getWindowHandle();
        chromium.until(d -> d.getWindowHandles().size() == 2);
        String sideTab = driver.getWindowHandles().stream()
                .filter(h -> !h.equals(portalTab))
                .findFirst()
                .orElseThrow();
        driver.switchTo().window(sideTab);
        chromium.until(d -> d.getCurrentUrl().contains("code="));
        driver.close();
        driver.switchTo().window(portalTab);

        // the portal's chain moves to globex (alice has no tenant page there: My tenants)
        new org.openqa.selenium.support.ui.Select(control("tenant-selector")).selectByValue("globex");
        chromium.until(d -> "home".equals(page())
                && "globex"
                        .equals(new org.openqa.selenium.support.ui.Select(d.findElement(By.id("portal-tenant")))
                                .getFirstSelectedOption()
                                .getAttribute("value")));
        // acme ends alice's chains: her session keeps globex, but enters acme again only after a new login
        Http.Response ended =
                api.call("DELETE", "/acme/members/" + aliceId + "/sessions", null, api.token("root", null));
        assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
        long endedInSecond = System.currentTimeMillis() / 1000;

        js("location.hash = arguments[0]", "#/t/acme/roles");
        control("sign-in-tenant"); // the switch into acme was refused: interaction_required
        assertThat(driver.getCurrentUrl()).endsWith("#/t/acme/roles");
        axe("switch refused, sign in to the tenant (alice, en)");
        // the end is noted to the second, and a login within that second counts as before it (TenantSessionEnd)
        untilPastSecond(endedInSecond);
        click("sign-in-tenant");
        chromium.waitFor(By.id("kc-login")); // prompt=login: a new authentication, not an SSO re-entry
        KeycloakSignIn.untilBackAt(chromium, portal, "alice", TestRealm.PASSWORD, "acme", WAIT);
        chromium.until(d -> d.getCurrentUrl().endsWith("#/t/acme/roles"));
        awaitPage();
        assertThat(page()).as("back on the route she was on").isEqualTo("roles");
        assertThat(driver.getCurrentUrl())
                .as("no code or state left in the address")
                .isEqualTo(portal + "#/t/acme/roles");
        assertThat(new org.openqa.selenium.support.ui.Select(control("tenant-selector"))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEqualTo("acme");
        assertNoTokenInStorage("after the login a switch needed (the remembered route is gone too)");
    }

    private static void untilPastSecond(long epochSecond) {
        while (System.currentTimeMillis() / 1000 <= epochSecond) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
