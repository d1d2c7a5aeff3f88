package dev.tenancy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import dev.tenancy.testsupport.browser.AxeCore;
import dev.tenancy.testsupport.browser.BrowserTests;
import dev.tenancy.testsupport.browser.Chromium;
import dev.tenancy.testsupport.browser.KeycloakSignIn;
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
            context.getTestInstance().map(PortalBrowserIT.class::cast).ifPresent(t -> t.diagnose(context.getDisplayName()));
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
                out.append("console ").append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n');
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
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.body()).contains("<html lang=\"de\">").contains("Mandanten-Verwaltung");
        assertThat(Http.get(portal + "?ui_locales=en", Map.of("Accept-Language", "de")).body())
                .contains("<html lang=\"en\">");

        Matcher styles = Pattern.compile("href=\"(/resources/[^\"]+/common/keycloak/vendor/patternfly-v5/[^\"]+\\.css)\"")
                .matcher(page.body());
        List<String> sheets = new ArrayList<>();
        while (styles.find()) {
            sheets.add(styles.group(1));
        }
        assertThat(sheets).as("Keycloak's PatternFly, as its keycloak.v2 login theme links it").hasSize(2);
        String login = Http.get(realm.url() + "/protocol/openid-connect/auth?client_id=tenancy-portal&response_type=code"
                + "&redirect_uri=" + portal + "&code_challenge=" + "a".repeat(43) + "&code_challenge_method=S256",
                Map.of()).body();
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
                .as("an old version's URL gets today's file, uncached").isEqualTo("no-cache");

        for (String unknown : List.of("nothing.js", version.group(1) + "/nothing.js", version.group(1) + "/index.html",
                version.group(1) + "/messages/messages_en.properties", version.group(1) + "/..%2Fopenapi.yaml",
                "index.html", "x/y/z")) {
            Http.Response missing = Http.get(portal + unknown, Map.of());
            TenantApi.assertError(missing, 404, "not_found");
        }
        report.add("page " + page.body().length() + " bytes; styles " + sheets);
    }

    @Test
    @Order(2)
    void theClientTenancyPortalIsKeptWithItsRequiredSettings() {
        Map<String, Object> client = (Map<String, Object>) realm.adminCall("GET", "/clients?clientId=tenancy-portal", null)
                .jsonList().get(0);
        assertThat(client).containsEntry("publicClient", true).containsEntry("standardFlowEnabled", true)
                .containsEntry("implicitFlowEnabled", false).containsEntry("directAccessGrantsEnabled", false)
                .containsEntry("serviceAccountsEnabled", false).containsEntry("fullScopeAllowed", false)
                .containsEntry("rootUrl", "${authBaseUrl}")
                .containsEntry("redirectUris", List.of("/realms/" + realm.name() + "/tenants/portal/"))
                .containsEntry("webOrigins", List.of("+"));
        assertThat((Map<String, Object>) client.get("attributes"))
                .containsEntry("pkce.code.challenge.method", "S256")
                .containsEntry("tenancy.session.cookie-mode", "true");
        String uuid = (String) client.get("id");
        assertThat(realm.adminCall("GET", "/clients/" + uuid + "/default-client-scopes", null).jsonList())
                .anySatisfy(scope -> assertThat((Map<String, Object>) scope).containsEntry("name", "tenancy-admin"));
        Map<String, Object> scope = realm.adminCall("GET", "/clients/" + uuid + "/scope-mappings", null).json();
        Map<String, Object> clientMappings = (Map<String, Object>) scope.get("clientMappings");
        assertThat(clientMappings).containsOnlyKeys("tenancy-permissions", "realm-management");
        List<Object> realmAdminRoles = (List<Object>) ((Map<String, Object>) clientMappings.get("realm-management"))
                .get("mappings");
        assertThat(realmAdminRoles).extracting(role -> ((Map<String, Object>) role).get("name"))
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
        KeycloakSignIn.untilBackAt(chromium, portal, username, TestRealm.PASSWORD, "acme", WAIT);
        awaitPage();
        assertNoTokenInStorage("after the sign-in of " + username);
    }

    /** Waits until the route's page has rendered (the shell marks it busy while the module renders). */
    void awaitPage() {
        chromium.until(d -> !d.findElements(By.cssSelector(".portal-page-root[data-page]:not([aria-busy])")).isEmpty()
                && !d.findElement(By.id("portal-heading")).getText().isBlank());
    }

    void go(String hash) {
        js("location.hash = arguments[0]", hash);
        chromium.until(d -> d.getCurrentUrl().endsWith(hash));
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
        return (List<String>) js("return [...document.querySelectorAll('nav [data-control]')].map(e => e.dataset.control)");
    }

    void assertNoTokenInStorage(String when) {
        Map<String, Object> storage = (Map<String, Object>) js("return {local: localStorage.length, session:"
                + " Object.keys(sessionStorage).length, keys: Object.keys(localStorage).concat(Object.keys(sessionStorage))}");
        assertThat(storage).as("browser storage " + when).containsEntry("local", 0L).containsEntry("session", 0L);
    }

    WebElement control(String name) {
        return chromium.waitFor(By.cssSelector("[data-control='" + name + "']"));
    }

    void axe(String what) {
        List<AxeCore.Violation> minor = AxeCore.assertAccessible(chromium, what);
        report.add("axe " + what + ": 0 serious/critical, " + minor.size() + " minor/moderate "
                + minor.stream().map(AxeCore.Violation::rule).toList());
    }

    // ---- the people ----

    @Test
    @Order(10)
    void aliceSignsInAndSeesHerTenantsAndTheTenantPagesSheMayUse() {
        signIn("alice");
        assertThat(page()).isEqualTo("home");
        assertThat(driver.findElement(By.cssSelector("[data-control='tenant-list']")).getText())
                .contains("Acme Corp").contains("Globex Inc");
        go("#/t/acme/members");
        assertThat(page()).isEqualTo("members");
        assertThat(navLinks()).contains("nav-members", "nav-invitations", "nav-roles", "nav-policy", "nav-branding",
                "nav-audit").doesNotContain("nav-tenants-admin");
        axe("members (alice, en)");
        assertNoTokenInStorage("on the members page");
    }
}
