package dev.tenancy.it.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpServer;
import dev.tenancy.demo.api.DemoApi;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.KeycloakServer;
import dev.tenancy.testsupport.browser.BrowserTests;
import dev.tenancy.testsupport.browser.Chromium;
import dev.tenancy.testsupport.browser.KeycloakSignIn;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo SPA in headless Chromium against the harness's Keycloak (issue "SPA session persistence"): cookie mode
 * from login to logout, with two tabs, the demo API's cross-tenant rule, a cross-site attacker page and a stolen
 * cookie; then the keycloak-js mode. One scenario, steps in order (each step starts where the previous one ended).
 *
 * <p>Set-up: the demo realm file imported under another name, its cookie client pointed at this run's SPA origin and
 * given a 15 s access-token lifespan (so 45 s of two tabs hold several refresh rounds); the demo API + SPA in-process
 * on a free port; an "attacker" site on another free port of localhost (same site, other origin: Chromium attaches
 * the SameSite=Strict cookie to its requests, so only the Origin and header checks stop them). Skipped without
 * Chromium and chromedriver ({@link Chromium}).</p>
 */
@KeycloakIntegrationTest
@ExtendWith(BrowserTests.class)
@ExtendWith(CookieSessionBrowserIT.Diagnostics.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SuppressWarnings("unchecked")
class CookieSessionBrowserIT {

    static final String REALM = "it-spa-browser";
    static final String COOKIE_CLIENT = "tenancy-demo-spa-cookie";
    static final String KCJS_CLIENT = "tenancy-demo-spa";
    static final int ACCESS_TOKEN_SECONDS = 15;
    /** The demo realm's rotation policy: grace window of the tenancy-spa-refresh profile. */
    static final int GRACE_SECONDS = 5;

    static final Duration WAIT = Duration.ofSeconds(45);

    private KeycloakServer server;
    private DemoApi api;
    private HttpServer attacker;
    private Chromium chromium;
    private ChromeDriver driver;
    private String realmUrl;
    private String spa;
    private String userId;
    private String tabA;
    private String tabB;
    private String failedStep;
    private String kcjsSessionId;
    private String kcjsSpentRefreshToken;

    @BeforeAll
    void setUp(KeycloakServer server) throws IOException {
        this.server = server;
        Path repo = Path.of(System.getProperty("tenancy.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
        realmUrl = server.baseUrl() + "/realms/" + REALM;
        api = DemoApi.start(new DemoApi.Config(
                "127.0.0.1", 0, realmUrl, "tenancy-demo-api", repo.resolve("demo/spa"), COOKIE_CLIENT, KCJS_CLIENT));
        spa = api.url();
        importDemoRealm(repo.resolve("demo/realm/tenancy-demo-realm.json"));
        userId = (String) admin("GET", "/users?username=alice&exact=true", null).jsonList().stream()
                .map(u -> ((Map<String, Object>) u).get("id"))
                .findFirst()
                .orElseThrow();
        attacker = startAttacker();
        chromium = Chromium.startWithLogs();
        driver = chromium.driver();
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        tabA = driver.getWindowHandle();
    }

    @AfterAll
    void tearDown() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (attacker != null) {
            attacker.stop(0);
        }
        if (api != null) {
            api.close();
        }
        if (server != null && !Boolean.getBoolean("tenancy.keep-realms")) {
            admin("DELETE", "", null);
        }
    }

    /** Each step starts where the previous one ended: after a failure the rest is skipped, not failed again. */
    @BeforeEach
    void previousStepsPassed() {
        Assumptions.assumeTrue(failedStep == null, () -> "skipped: the scenario broke at " + failedStep);
    }

    /** On a failure: the step's name for the next ones, and the page, its screenshot and console for the report. */
    static final class Diagnostics implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            context.getTestInstance()
                    .map(CookieSessionBrowserIT.class::cast)
                    .ifPresent(test -> test.diagnose(context.getDisplayName()));
        }
    }

    private void diagnose(String step) {
        failedStep = step;
        if (driver == null) {
            return;
        }
        try {
            StringBuilder report = new StringBuilder("\n===== browser at failure of " + step + " =====\n");
            for (String handle : driver.getWindowHandles()) {
                driver.switchTo().window(handle);
                report.append("tab ")
                        .append(handle)
                        .append(": ")
                        .append(driver.getCurrentUrl())
                        .append('\n');
                String page = driver.getPageSource();
                int body = Math.max(0, page.indexOf("<body"));
                report.append(page, body, Math.min(page.length(), body + 6000)).append('\n');
                screenshot("failure-" + handle.substring(0, Math.min(8, handle.length())));
            }
            for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
                String message = entry.getMessage();
                if (message.contains("/tenancy-session/")
                        && (message.contains("\"Network.requestWillBeSentExtraInfo\"")
                                || message.contains("\"Network.responseReceivedExtraInfo\"")
                                || message.contains("\"Network.requestWillBeSent\""))) {
                    report.append("network ")
                            .append(message, 0, Math.min(message.length(), 1500))
                            .append('\n');
                }
            }
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                report.append("console ")
                        .append(entry.getLevel())
                        .append(' ')
                        .append(entry.getMessage())
                        .append('\n');
            }
            System.err.println(report.append("===== end of browser report ====="));
        } catch (RuntimeException e) {
            System.err.println("[tenancy] no browser report: " + e);
        }
    }

    // ---- the scenario ----

    @Test
    @Order(1)
    void aliceSignsInAndLandsInAcme() {
        driver.get(spa + "/?mode=cookie");
        awaitState("signed-out");
        assertThat(text("signed-out"))
                .as("the sign-in hint names every demo user")
                .contains("alice")
                .contains("bob")
                .contains("carol")
                .contains("dave");
        String icon = (String) js("return document.querySelector('link[rel=icon]').href");
        Http.Response favicon = Http.get(icon, Map.of());
        assertThat(favicon.status()).as("the page's icon is served: " + icon).isEqualTo(200);
        assertThat(favicon.header("Content-Type")).isEqualTo("image/svg+xml");
        assertThat((List<Object>) js("return [0, 1, 2].map(window.demo.timesText)"))
                .containsExactly("0 times", "1 time", "2 times");
        driver.findElement(By.id("login")).click();
        signInAtKeycloak("alice", "alice-demo", "acme");
        awaitState("signed-in");
        assertThat(text("tenant-alias")).isEqualTo("acme");
        assertThat(text("tenant-name")).isEqualTo("Acme Corporation");
        assertThat(text("user-name")).isEqualTo("Alice Anders");
        // the SPA's client roles, as keycloak-js mode shows them (the demo's cookie client maps all clients' roles)
        assertThat(text("tenant-roles")).contains("tenant-admin").contains("tenancy-demo-spa: admin");
        assertThat(driver.getCurrentUrl())
                .as("the callback parameters are gone")
                .isEqualTo(spa + "/?mode=cookie");
        screenshot("spa-cookie-mode-signed-in");
    }

    @Test
    @Order(2)
    void aReloadKeepsTheSessionAndTheTenantWithoutAPassword() {
        driver.navigate().refresh();
        awaitState("signed-in");
        assertThat(driver.getCurrentUrl()).as("no trip to the login page").startsWith(spa);
        assertThat(text("tenant-alias")).isEqualTo("acme");
    }

    @Test
    @Order(3)
    void noTokenIsKeptWhereAScriptCouldReadIt() {
        String accessToken =
                (String) async("window.demo.auth.session.getAccessToken().then(done, e => done(String(e)))");
        assertThat(accessToken).startsWith("eyJ");
        Map<String, Object> storage =
                (Map<String, Object>) js("return {local: JSON.stringify(Object.assign({}, localStorage)),"
                        + " session: JSON.stringify(Object.assign({}, sessionStorage)), cookie: document.cookie};");
        for (Map.Entry<String, Object> place : storage.entrySet()) {
            assertThat((String) place.getValue())
                    .as(place.getKey())
                    .doesNotContain("eyJ")
                    .doesNotContain(accessToken);
        }
        assertThat(refreshCookie())
                .as("the refresh token IS in the browser, as an HttpOnly cookie")
                .isNotNull()
                .satisfies(cookie -> assertThat(cookie.isHttpOnly()).isTrue())
                .satisfies(cookie -> assertThat(cookie.getSameSite()).isEqualTo("Strict"))
                .satisfies(cookie -> assertThat(cookie.getPath())
                        .isEqualTo("/realms/" + REALM + "/tenancy-session/" + COOKIE_CLIENT + "/"));
        assertThat((String) js("return document.cookie"))
                .doesNotContain(refreshCookie().getValue());
    }

    @Test
    @Order(4)
    void twoTabsRefreshConcurrentlyWithoutAnyRevocation() {
        tabB = driver.switchTo().newWindow(WindowType.TAB).getWindowHandle();
        driver.get(spa + "/?mode=cookie");
        awaitState("signed-in");
        assertThat(text("tenant-alias")).isEqualTo("acme");
        int refreshesBefore = events("REFRESH_TOKEN").size();

        // Two raw refreshes with the same cookie at the same instant, outside the helper's lock (what two tabs
        // without Web Locks would send; one page sends both, because the timers of a background tab are throttled to
        // whole seconds): the server's grace window absorbs it.
        Object raw2 = async("const post = () => fetch('" + endpoint("refresh") + "', {method: 'POST', credentials:"
                + " 'include', headers: {'X-Tenancy-CSRF': '1'}}).then(r => r.status);"
                + " Promise.all([post(), post()]).then(done, e => done(String(e)));");
        assertThat(raw2).as("two simultaneous refreshes with one cookie").isEqualTo(List.of(200L, 200L));
        List<Map<String, Object>> raw = events("REFRESH_TOKEN").subList(0, 2);
        assertThat(raw.stream().map(CookieSessionBrowserIT::rotation))
                .as("one rotated, the other got a grace copy")
                .containsExactlyInAnyOrder("rotate", "grace");

        // Then 20 s of forced refreshes in both tabs at the same moment every 3 s (a background tab may fire up to a
        // second later; single-flight across the tabs, Web Locks, keeps them in turn), and 32 s of the helpers' own
        // timers (refresh at 70 % of the 15 s lifetime; the tabs share the token, so both timers fire together):
        // 52 s, 3.5 token lifetimes.
        for (String tab : List.of(tabA, tabB)) {
            switchTo(tab);
            js("window.__ok = 0; window.__errors = [];");
        }
        int beforeForced = events("REFRESH_TOKEN").size();
        long end = now() + 20_000;
        int rounds = 0;
        while (now() < end) {
            long instant = now() + 1000;
            for (String tab : List.of(tabA, tabB)) {
                switchTo(tab);
                js("setTimeout(() => window.demo.auth.refresh().then(() => window.__ok++,"
                        + " e => window.__errors.push(String(e))), " + instant + " - Date.now());");
            }
            rounds++;
            sleep(3000);
        }
        sleep(1000);
        List<Map<String, Object>> all = events("REFRESH_TOKEN"); // newest first
        List<String> forced = all.subList(0, all.size() - beforeForced).stream()
                .map(CookieSessionBrowserIT::rotation)
                .toList();
        assertThat(forced)
                .as("single-flight across the tabs: every refresh presented the newest cookie, none needed the"
                        + " grace window (a tab that waited takes the other's token when its broadcast came first)")
                .hasSizeBetween(rounds, 2 * rounds)
                .containsOnly("rotate");
        int seenBeforeTimers = ((Number) js("return window.demo.refreshes()")).intValue();
        sleep(32_000);
        assertThat(((Number) js("return window.demo.refreshes()")).intValue() - seenBeforeTimers)
                .as("timer refreshes seen by a tab in 32 s of 15 s tokens")
                .isGreaterThanOrEqualTo(2);
        for (String tab : List.of(tabA, tabB)) {
            switchTo(tab);
            assertThat((List<Object>) js("return window.__errors"))
                    .as("refresh errors in " + tab)
                    .isEmpty();
            assertThat(((Number) js("return window.__ok")).intValue())
                    .as("forced refreshes in " + tab)
                    .isEqualTo(rounds);
            assertThat(state()).isEqualTo("signed-in");
            assertThat(apiStatus("/api/tenants/acme/projects")).isEqualTo(200);
        }
        assertThat(events("REFRESH_TOKEN_ERROR"))
                .as("no refresh failed, no replay was detected")
                .isEmpty();
        assertThat(events("REFRESH_TOKEN").size() - refreshesBefore)
                .as("refreshes that happened")
                .isGreaterThanOrEqualTo(rounds + 3 + 2);
        assertThat(userSessions()).isEqualTo(1);
    }

    @Test
    @Order(5)
    void switchingToGlobexMakesTheApiRefuseAcme() {
        switchTo(tabA);
        new Select(driver.findElement(By.id("tenant-switcher"))).selectByValue("globex");
        screenshot("spa-tenant-switcher");
        driver.findElement(By.id("switch")).click();
        awaitText("tenant-alias", "globex");
        assertThat(text("tenant-roles")).contains("tenant-member").doesNotContain("tenant-admin");

        assertThat(apiStatus("/api/tenants/acme/projects")).isEqualTo(403);
        assertThat(apiStatus("/api/tenants/globex/settings"))
                .as("a member, not an admin, in globex")
                .isEqualTo(403);
        assertThat(apiStatus("/api/tenants/globex/projects")).isEqualTo(200);
        driver.findElement(By.cssSelector("button[data-api='/api/tenants/acme/projects']"))
                .click();
        new WebDriverWait(driver, WAIT).until(d -> text("api-result").contains("acme/projects → 403"));
        screenshot("spa-tenant-switch-403");

        switchTo(tabB);
        awaitText("tenant-alias", "globex"); // the tabs share the cookie, hence the chain: the other tab follows
        assertThat(apiStatus("/api/tenants/globex/projects")).isEqualTo(200);
    }

    @Test
    @Order(6)
    void aCrossSitePageCannotSpendTheCookie() {
        int refreshesBefore = events("REFRESH_TOKEN").size();
        driver.manage().logs().get(LogType.PERFORMANCE); // drain
        String attackerTab = driver.switchTo().newWindow(WindowType.TAB).getWindowHandle();
        String attackerUrl = "http://localhost:" + attacker.getAddress().getPort();

        for (String operation : List.of("refresh", "logout")) {
            driver.get(attackerUrl + "/form?target=" + endpoint(operation)); // auto-submitting form (no custom header)
            new WebDriverWait(driver, WAIT).until(d -> d.getCurrentUrl().startsWith(endpoint(operation)));
            assertThat(driver.findElement(By.tagName("body")).getText())
                    .contains("access_denied")
                    .contains("is not a web origin");
        }
        driver.get(attackerUrl + "/fetch?base=" + realmUrl + "/tenancy-session/" + COOKIE_CLIENT + "/");
        new WebDriverWait(driver, WAIT).until(d -> !text("results").isEmpty());
        String results = text("results");
        assertThat(results)
                .contains("refresh with header: TypeError")
                .contains("logout with header: TypeError")
                .contains("refresh no-cors: opaque")
                .contains("logout no-cors: opaque");

        List<String> cookieHeaders = cookieHeadersOfPosts();
        assertThat(cookieHeaders)
                .as("the forged requests carried the cookie (same site)")
                .anyMatch(header -> header.contains("tenancy_rt="));
        driver.close();

        assertThat(events("REFRESH_TOKEN").size()).as("no refresh happened").isEqualTo(refreshesBefore);
        assertThat(userSessions()).as("no logout happened").isEqualTo(1);
        switchTo(tabA);
        assertThat(async("window.demo.auth.refresh().then(() => done('ok'), e => done(String(e)))"))
                .isEqualTo("ok");
        assertThat(state()).isEqualTo("signed-in");
    }

    @Test
    @Order(7)
    void aStolenCookieReplayedAfterRotationEndsTheSessionForTheRealTabToo() {
        String stolen = refreshCookie().getValue();
        switchTo(tabA);
        assertThat(async("window.demo.auth.refresh().then(() => done('ok'), e => done(String(e)))"))
                .isEqualTo("ok");
        sleep((GRACE_SECONDS + 2) * 1000L);

        Http.Response replay = Http.form(
                endpoint("refresh"),
                Map.of(),
                Map.of("Origin", spa, "X-Tenancy-CSRF", "1", "Cookie", "tenancy_rt=" + stolen));
        assertThat(replay.status()).as(replay.toString()).isEqualTo(400);
        assertThat(replay.string("error_description")).contains("replay");

        switchTo(tabA);
        assertThat((String) async("window.demo.auth.refresh().then(() => done('ok'), e => done(String(e)))"))
                .contains("invalid_grant");
        awaitState("signed-out");
        switchTo(tabB);
        awaitState("signed-out");
        assertThat(events("REFRESH_TOKEN_ERROR")).anyMatch(e -> "refresh_token_replay"
                .equals(((Map<String, Object>) e.get("details")).get("tenancy_reason")));
        assertThat(userSessions()).isZero();
    }

    @Test
    @Order(8)
    void logoutRemovesTheCookieAndTheNextLoginAsksForThePassword() {
        switchTo(tabB);
        driver.close();
        switchTo(tabA);
        driver.get(spa + "/?mode=cookie");
        awaitState("signed-out");
        driver.findElement(By.id("login")).click();
        signInAtKeycloak("alice", "alice-demo", "acme"); // the replay ended the login: the password again
        awaitState("signed-in");
        assertThat(refreshCookie()).isNotNull();

        switchTo(tabA);
        driver.findElement(By.id("logout")).click();
        awaitState("signed-out");
        assertThat(refreshCookie()).as("the cookie is gone").isNull();
        assertThat(userSessions()).isZero();

        switchTo(tabA);
        driver.navigate().refresh();
        awaitState("signed-out");
        driver.findElement(By.id("login")).click();
        new WebDriverWait(driver, WAIT)
                .until(d -> !d.findElements(By.id("username")).isEmpty()
                        || !d.findElements(By.id("password")).isEmpty());
        assertThat(driver.getCurrentUrl()).startsWith(realmUrl);
    }

    @Test
    @Order(9)
    void keycloakJsModeSignsInWithTheStockAdapterAndItsRefreshTokenRotates() {
        switchTo(tabA);
        driver.get(spa + "/?mode=keycloak-js");
        awaitState("signed-out");
        driver.findElement(By.id("login")).click();
        signInAtKeycloak("alice", "alice-demo", "acme"); // the tenant picker of the demo's "Tenant selection"
        awaitState("signed-in");
        assertThat(text("tenant-alias")).isEqualTo("acme");
        assertThat(apiStatus("/api/tenants/acme/settings")).isEqualTo(200);
        Map<String, Object> claims = Jwks.verify(realmUrl, (String) js("return window.demo.auth.kc.token"));
        assertThat(claims).containsEntry("azp", KCJS_CLIENT);
        kcjsSessionId = (String) claims.get("sid");

        // the demo realm's rotation policy (all public clients) applies to the stock adapter's client too
        kcjsSpentRefreshToken = (String) js("return window.demo.auth.kc.refreshToken");
        Map<String, Object> first = Jwks.decodeUnverified(kcjsSpentRefreshToken);
        List<String> held = new ArrayList<>(List.of(kcjsSpentRefreshToken));
        for (int refresh = 1; refresh <= 2; refresh++) {
            assertThat(async("window.demo.auth.refresh().then(() => done('ok'), e => done(String(e)))"))
                    .isEqualTo("ok");
            String rotated = (String) js("return window.demo.auth.kc.refreshToken");
            assertThat(held)
                    .as("every refresh hands the adapter a new refresh token")
                    .doesNotContain(rotated);
            held.add(rotated);
            Map<String, Object> next = Jwks.decodeUnverified(rotated);
            assertThat(next.get("tenancy_fid"))
                    .as("the same token family")
                    .isNotNull()
                    .isEqualTo(first.get("tenancy_fid"));
            assertThat(generation(next)).as("rotations of the family").isEqualTo(generation(first) + refresh);
        }
        List<String> rotations = events("REFRESH_TOKEN").stream()
                .filter(e -> KCJS_CLIENT.equals(e.get("clientId")))
                .map(CookieSessionBrowserIT::rotation)
                .toList(); // newest first
        assertThat(rotations)
                .as("the first refresh starts tracking the family, the next one rotates it")
                .containsExactly("rotate", "start");
    }

    @Test
    @Order(10)
    void keycloakJsModeSurvivesAReloadInTheSameTenantBySilentCheckSso() {
        switchTo(tabA);
        driver.navigate().refresh(); // keycloak-js check-sso: prompt=none in a hidden iframe, the page never leaves
        awaitState("signed-in");
        assertThat(text("tenant-alias")).isEqualTo("acme");
        Map<String, Object> claims = Jwks.verify(realmUrl, (String) js("return window.demo.auth.kc.token"));
        assertThat(claims.get("sid")).as("the same login, no password").isEqualTo(kcjsSessionId);
        assertThat((Map<String, Object>) claims.get("tenant")).containsEntry("alias", "acme");
        assertThat(apiStatus("/api/tenants/acme/projects")).isEqualTo(200);
        screenshot("spa-keycloak-js-mode");
    }

    @Test
    @Order(11)
    void keycloakJsModeSwitchesTenantsAndEachTabKeepsItsOwnTenantAcrossReloads() {
        switchTo(tabA);
        new Select(driver.findElement(By.id("tenant-switcher"))).selectByValue("globex");
        driver.findElement(By.id("switch")).click(); // single sign-on round trip with organization:globex
        awaitState("signed-in");
        awaitText("tenant-alias", "globex");
        assertThat(apiStatus("/api/tenants/acme/projects")).isEqualTo(403);
        assertThat(apiStatus("/api/tenants/globex/projects")).isEqualTo(200);
        driver.navigate().refresh();
        awaitState("signed-in");
        assertThat(text("tenant-alias")).as("the reload kept the tab's tenant").isEqualTo("globex");

        // A new tab has no tenant of its own: its check-sso names none, and "Tenant selection" takes alice's last
        // tenant silently (the picker cannot be shown to prompt=none). It switches to acme, which becomes her last.
        tabB = driver.switchTo().newWindow(WindowType.TAB).getWindowHandle();
        driver.get(spa + "/?mode=keycloak-js");
        awaitState("signed-in");
        assertThat(text("tenant-alias")).isEqualTo("globex");
        new Select(driver.findElement(By.id("tenant-switcher"))).selectByValue("acme");
        driver.findElement(By.id("switch")).click();
        awaitState("signed-in");
        awaitText("tenant-alias", "acme");

        switchTo(tabA);
        driver.navigate().refresh();
        awaitState("signed-in");
        assertThat(text("tenant-alias"))
                .as("tab A stays in its own tenant, not the last one chosen")
                .isEqualTo("globex");
        assertThat(apiStatus("/api/tenants/globex/projects")).isEqualTo(200);
        assertThat(apiStatus("/api/tenants/acme/projects")).isEqualTo(403);
        switchTo(tabB);
        assertThat(apiStatus("/api/tenants/acme/projects")).isEqualTo(200);
        assertThat(Jwks.verify(realmUrl, (String) js("return window.demo.auth.kc.token"))
                        .get("sid"))
                .isEqualTo(kcjsSessionId);

        for (String tab : List.of(tabA, tabB)) {
            switchTo(tab);
            Map<String, Object> storage = (Map<String, Object>) js("return {local: JSON.stringify(Object.assign({},"
                    + " localStorage)), session: JSON.stringify(Object.assign({}, sessionStorage))};");
            storage.forEach(
                    (place, value) -> assertThat((String) value).as(place).doesNotContain("eyJ"));
        }
    }

    @Test
    @Order(12)
    void keycloakJsModeReplayingItsSpentRefreshTokenEndsTheLogin() {
        sleep((GRACE_SECONDS + 2) * 1000L);
        Http.Response replay = Http.form(
                realmUrl + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "refresh_token",
                        "client_id",
                        KCJS_CLIENT,
                        "refresh_token",
                        kcjsSpentRefreshToken));
        assertThat(replay.status()).as(replay.toString()).isEqualTo(400);
        assertThat(replay.string("error")).isEqualTo("invalid_grant");
        assertThat(replay.string("error_description")).contains("replay");

        for (String tab : List.of(tabA, tabB)) {
            switchTo(tab);
            assertThat((String) async("window.demo.auth.refresh().then(() => done('ok'), e => done(String(e)))"))
                    .as("the tab's current token died with its login")
                    .isNotEqualTo("ok");
        }
        assertThat(userSessions()).isZero();
    }

    // ---- Keycloak's pages ----

    /** Through Keycloak's login pages (username, password, tenant picker) until the browser is back at the SPA. */
    private void signInAtKeycloak(String username, String password, String tenant) {
        KeycloakSignIn.untilBackAt(chromium, spa, username, password, tenant, WAIT);
    }

    // ---- page helpers ----

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** Runs {@code script} with {@code done(value)} as its completion callback. */
    private Object async(String script) {
        return ((JavascriptExecutor) driver)
                .executeAsyncScript("const done = arguments[arguments.length - 1]; " + script);
    }

    private String state() {
        return driver.findElement(By.tagName("body")).getAttribute("data-state");
    }

    private void awaitState(String state) {
        new WebDriverWait(driver, WAIT).until(d -> d.getCurrentUrl().startsWith(spa) && state.equals(state()));
    }

    private String text(String id) {
        List<WebElement> elements = driver.findElements(By.id(id));
        return elements.isEmpty() ? "" : elements.get(0).getText().trim();
    }

    private void awaitText(String id, String expected) {
        new WebDriverWait(driver, WAIT).until(d -> expected.equals(text(id)));
    }

    private int apiStatus(String path) {
        Map<String, Object> result = (Map<String, Object>) async("window.demo.callApi('" + path + "').then(done)");
        return ((Number) result.get("status")).intValue();
    }

    private void switchTo(String tab) {
        driver.switchTo().window(tab);
    }

    private String endpoint(String operation) {
        return realmUrl + "/tenancy-session/" + COOKIE_CLIENT + "/" + operation;
    }

    /**
     * The refresh cookie as the browser holds it, read through WebDriver (which sees HttpOnly cookies) from a tab at
     * the cookie's path on Keycloak's origin; null when there is none.
     */
    private Cookie refreshCookie() {
        String current = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(realmUrl + "/tenancy-session/" + COOKIE_CLIENT + "/refresh"); // a GET: 405, changes nothing
        Cookie cookie = driver.manage().getCookieNamed("tenancy_rt");
        driver.close();
        driver.switchTo().window(current);
        return cookie;
    }

    /** The Cookie headers of the POSTs to the session endpoints since the last drain, from Chrome's network log. */
    private List<String> cookieHeadersOfPosts() {
        List<String> requestIds = new ArrayList<>();
        List<Map<String, Object>> extraInfo = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            Map<String, Object> message =
                    (Map<String, Object>) parse(entry.getMessage()).get("message");
            Map<String, Object> params = (Map<String, Object>) message.get("params");
            if ("Network.requestWillBeSent".equals(message.get("method"))) {
                Map<String, Object> request = (Map<String, Object>) params.get("request");
                String url = (String) request.get("url");
                if ("POST".equals(request.get("method")) && url.startsWith(realmUrl + "/tenancy-session/")) {
                    requestIds.add((String) params.get("requestId"));
                }
            } else if ("Network.requestWillBeSentExtraInfo".equals(message.get("method"))) {
                extraInfo.add(params);
            }
        }
        return extraInfo.stream()
                .filter(p -> requestIds.contains((String) p.get("requestId")))
                .map(p -> (Map<String, Object>) p.get("headers"))
                .map(headers -> headers.entrySet().stream()
                        .filter(h -> h.getKey().equalsIgnoreCase("cookie"))
                        .map(h -> String.valueOf(h.getValue()))
                        .findFirst()
                        .orElse(""))
                .toList();
    }

    private void screenshot(String name) {
        try {
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Path dir = Path.of(System.getProperty("tenancy.screenshots", "target/screenshots"));
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- Keycloak admin ----

    private void importDemoRealm(Path file) throws IOException {
        Map<String, Object> realm = Http.JSON.readValue(Files.readString(file), new TypeReference<>() {});
        realm.put("realm", REALM);
        for (Map<String, Object> client : (List<Map<String, Object>>) realm.get("clients")) {
            Map<String, Object> attributes = (Map<String, Object>) client.get("attributes");
            if (COOKIE_CLIENT.equals(client.get("clientId"))) {
                client.put("redirectUris", List.of(spa + "/*"));
                client.put("webOrigins", List.of(spa));
                attributes.put("access.token.lifespan", Integer.toString(ACCESS_TOKEN_SECONDS));
            } else if (KCJS_CLIENT.equals(client.get("clientId"))) {
                List<String> origins = new ArrayList<>((List<String>) client.get("webOrigins"));
                origins.add(spa);
                client.put("webOrigins", origins);
            }
        }
        if (server.admin().realms().findAll().stream()
                .anyMatch(r -> r.getRealm().equals(REALM))) {
            server.admin().realm(REALM).remove();
        }
        Http.Response created = Http.json("POST", server.baseUrl() + "/admin/realms", realm, adminToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        admin(
                "PUT",
                "/events/config",
                Map.of(
                        "eventsEnabled",
                        true,
                        "enabledEventTypes",
                        List.of("REFRESH_TOKEN", "REFRESH_TOKEN_ERROR", "LOGIN", "LOGOUT", "CODE_TO_TOKEN")));
    }

    private Http.Response admin(String method, String path, Object body) {
        return Http.json(method, server.baseUrl() + "/admin/realms/" + REALM + path, body, adminToken());
    }

    private Map<String, String> adminToken() {
        return Http.bearer(server.admin().tokenManager().getAccessTokenString());
    }

    private List<Map<String, Object>> events(String type) {
        return admin("GET", "/events?type=" + type + "&user=" + userId + "&max=1000", null).jsonList().stream()
                .map(e -> (Map<String, Object>) e)
                .toList();
    }

    /** The rotations that led to a refresh token (refresh-policy's claim; absent on a family's first token). */
    private static int generation(Map<String, Object> refreshToken) {
        return refreshToken.get("tenancy_gen") instanceof Number n ? n.intValue() : 0;
    }

    private static String rotation(Map<String, Object> event) {
        return String.valueOf(((Map<String, Object>) event.get("details")).get("tenancy_rotation"));
    }

    private int userSessions() {
        return admin("GET", "/users/" + userId + "/sessions", null).jsonList().size();
    }

    // ---- the attacker: another origin on localhost (same site) ----

    private static HttpServer startAttacker() throws IOException {
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/form", exchange -> {
            String target = exchange.getRequestURI().getQuery().replaceFirst("^target=", "");
            page(
                    exchange,
                    "<form id='f' method='POST' action='" + target + "'><input name='x' value='1'></form>"
                            + "<script>document.getElementById('f').submit()</script>");
        });
        site.createContext("/fetch", exchange -> {
            String base = exchange.getRequestURI().getQuery().replaceFirst("^base=", "");
            page(
                    exchange,
                    "<pre id='results'></pre><script>(async () => {"
                            + "const out = [];"
                            + "for (const op of ['refresh', 'logout']) {"
                            + "  try { await fetch('" + base + "' + op, {method: 'POST', credentials: 'include',"
                            + "    headers: {'X-Tenancy-CSRF': '1'}}); out.push(op + ' with header: answered'); }"
                            + "  catch (e) { out.push(op + ' with header: ' + e.name); }"
                            + "  const r = await fetch('" + base
                            + "' + op, {method: 'POST', credentials: 'include', mode: 'no-cors',"
                            + "    body: new URLSearchParams({x: '1'})});"
                            + "  out.push(op + ' no-cors: ' + r.type);"
                            + "}"
                            + "document.getElementById('results').textContent = out.join('\\n');"
                            + "})()</script>");
        });
        site.start();
        return site;
    }

    private static void page(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = ("<!doctype html><html><body>" + body + "</body></html>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, Object> parse(String json) {
        try {
            return Http.JSON.readValue(json, new TypeReference<>() {});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
