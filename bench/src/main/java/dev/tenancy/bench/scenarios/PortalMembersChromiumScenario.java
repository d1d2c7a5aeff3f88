package dev.tenancy.bench.scenarios;

import dev.tenancy.bench.BenchContext;
import dev.tenancy.bench.BenchRealm;
import dev.tenancy.bench.Comparison;
import dev.tenancy.bench.Scenario;
import dev.tenancy.testsupport.browser.Chromium;
import dev.tenancy.testsupport.browser.KeycloakSignIn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The time until the tenant admin portal's members page shows its first page of member rows, in headless Chromium,
 * on the tenant of {@code bench.members} members (default 100,000) of {@link TenantMembersScenario} (reused with
 * {@code --keep}). B: the portal ({@code /realms/{realm}/tenants/portal/#/t/big/members}), signed in as the tenant
 * admin. A: what stock Keycloak offers for the same screen, the admin console's organization members tab
 * ({@code /admin/{realm}/console/#/{realm}/organizations/{id}/members}), signed in as a realm admin, in a second
 * browser (one realm, so one SSO cookie per browser).
 *
 * <p>Each round opens the page afresh (a new document after {@code about:blank}, with the browser's cache, as a
 * returning user opens a bookmark) and measures, with the Performance API inside the page, from the navigation start
 * until the first member row is in the DOM, and until the frame after it (what is on the screen): a script
 * registered for every new document ({@code Page.addScriptToEvaluateOnNewDocument}) watches the DOM with a
 * MutationObserver and stamps {@code performance.timeOrigin + performance.now()}. The navigation start is stamped the
 * same way in {@code about:blank} right before it sets {@code location.href}, so redirects (the console's login
 * round trip) are inside the figure. Selenium only reads the stamps afterwards: its polling does not count.</p>
 *
 * <p>This scenario measures its own rounds (A and B alternating, {@code bench.chromium.warmup} unmeasured rounds
 * first, then {@code bench.chromium.rounds}) and prints p50/p95 and B/A; it returns no HTTP comparison. It also prints
 * the portal's first load with an empty cache (requests, bytes on the wire) and, for the median round of each side,
 * where the time went: the document, the API calls (time to first byte: the server's share) and what is left after
 * the last call (script and rendering).</p>
 */
public final class PortalMembersChromiumScenario implements Scenario {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int WARMUP = Integer.getInteger("bench.chromium.warmup", 5);
    private static final int ROUNDS = Integer.getInteger("bench.chromium.rounds", 30);

    /**
     * Stamps the moment the first member row is in the DOM ({@code dom}) and the next animation frame ({@code frame}),
     * both as epoch milliseconds from the Performance API, plus {@code performance.now()} (from this document's
     * navigation start). Portal: a row of the member list; console: a table cell naming a seeded member.
     */
    private static final String WATCH_ROWS = """
            (() => {
              if (window.top !== window) return;
              const adminConsole = location.pathname.includes('/console/');
              const portal = location.pathname.includes('/tenants/portal/');
              if (!adminConsole && !portal) return;
              const found = () => portal
                ? document.querySelector('[data-control=member-list] [data-member]') !== null
                : [...document.querySelectorAll('table tbody td')].some(td => td.textContent.includes('member-0'));
              const observer = new MutationObserver(() => {
                if (window.__benchRows || !found()) return;
                const at = performance.now();
                window.__benchRows = { dom: performance.timeOrigin + at, domInDocument: at, url: location.href };
                observer.disconnect();
                requestAnimationFrame(() => {
                  const frame = performance.now();
                  window.__benchRows.frame = performance.timeOrigin + frame;
                  window.__benchRows.frameInDocument = frame;
                });
              });
              observer.observe(document, { childList: true, subtree: true, characterData: true });
            })();
            """;

    /** Requests and bytes of the document's load so far, by kind, from the navigation and resource entries. */
    private static final String LOAD = """
            const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
            const kind = e => e.name.includes('/tenants/portal/') && e.entryType === 'resource' ? 'portal-assets'
                : e.name.includes('/resources/') ? 'keycloak-resources'
                : e.name.includes('/tenancy-session/') ? 'cookie-session'
                : e.name.includes('/tenants/') || e.name.includes('/admin/realms/') ? 'api'
                : 'page';
            const by = {};
            let transfer = 0, decoded = 0;
            for (const e of entries) {
              const k = kind(e);
              by[k] = by[k] || { requests: 0, transferBytes: 0 };
              by[k].requests++;
              by[k].transferBytes += e.transferSize || 0;
              transfer += e.transferSize || 0;
              decoded += e.decodedBodySize || 0;
            }
            return { requests: entries.length, transferBytes: transfer, decodedBytes: decoded, byKind: JSON.stringify(by) };
            """;

    /** The fetches of the page: path, start, time to first byte (server + network), end; ms in the document. */
    private static final String CALLS = """
            return performance.getEntriesByType('resource')
              .filter(e => e.initiatorType === 'fetch' || e.initiatorType === 'xmlhttprequest')
              .map(e => ({ path: new URL(e.name).pathname.replace(/^.*\\/(realms|admin)\\//, '$1/') + new URL(e.name).search,
                start: Math.round(e.startTime), ttfb: Math.round(e.responseStart - e.requestStart),
                end: Math.round(e.responseEnd) }));
            """;

    private final TenantMembersScenario tenant = new TenantMembersScenario();

    @Override
    public String name() {
        return "portal-members-chromium";
    }

    @Override
    public String description() {
        return "time until the members page of a tenant with " + tenant.members() + " members shows its first page "
                + "in headless Chromium; A: the admin console's organization members tab (realm admin), B: the tenant "
                + "admin portal's members page (tenant admin)";
    }

    @Override
    public List<Comparison> setUpComparisons(BenchContext context) throws Exception {
        String organizationId = tenant.seededTenant(context);
        BenchRealm realm = context.realm(TenantMembersScenario.REALM);
        String realmName = TenantMembersScenario.REALM;
        String portal = realm.url() + "/tenants/portal/";
        String portalMembers = portal + "#/t/" + TenantMembersScenario.TENANT + "/members";
        String console = context.baseUrl() + "/admin/" + realmName + "/console/";
        String consoleMembers = console + "#/" + realmName + "/organizations/" + organizationId + "/members";

        try (Chromium ours = Chromium.start();
                Chromium stock = Chromium.start()) {
            signIn(ours, portal, TenantMembersScenario.tenantAdmin());
            signIn(stock, console, TenantMembersScenario.realmAdmin());
            for (Chromium browser : List.of(ours, stock)) {
                browser.driver()
                        .executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH_ROWS));
                browser.driver().executeCdpCommand("Network.enable", Map.of());
            }

            // the portal's first load: empty cache (what a first visit costs), then the same with the cache
            Map<String, Object> cold = firstLoad(ours, portalMembers, true);
            Map<String, Object> warm = firstLoad(ours, portalMembers, false);
            System.out.println("  portal first load, empty cache: " + cold);
            System.out.println("  portal load with the browser's cache: " + warm);
            Map<String, Object> consoleCold = firstLoad(stock, consoleMembers, true);
            System.out.println("  admin console first load, empty cache: " + consoleCold);

            for (int i = 0; i < WARMUP; i++) {
                open(stock, consoleMembers);
                open(ours, portalMembers);
            }
            System.out.printf("  warmed up: %d rounds of each, unmeasured%n", WARMUP);
            List<Round> a = new ArrayList<>();
            List<Round> b = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                boolean aFirst = round % 2 == 0;
                if (aFirst) {
                    a.add(open(stock, consoleMembers));
                    b.add(open(ours, portalMembers));
                } else {
                    b.add(open(ours, portalMembers));
                    a.add(open(stock, consoleMembers));
                }
            }
            report("A admin console org members tab", a);
            report("B portal members page", b);
            double p50 = percentile(frames(b), 50) / percentile(frames(a), 50);
            double p95 = percentile(frames(b), 95) / percentile(frames(a), 95);
            System.out.printf(Locale.ROOT, "  ratio B/A (first page on screen): p50 %.2f, p95 %.2f%n", p50, p95);
            double target = 1000;
            System.out.printf(
                    Locale.ROOT,
                    "  target B < %.0f ms: p50 %.0f, p95 %.0f ms: %s%n",
                    target,
                    percentile(frames(b), 50),
                    percentile(frames(b), 95),
                    percentile(frames(b), 95) < target ? "MET" : "MISSED");
        }
        return List.of();
    }

    /**
     * Signs in at {@code url}'s login and waits until the page took the login's code (the portal's cookie session is
     * set by that exchange): back on the page, no code in the address, and the page's shell rendered.
     */
    private static void signIn(Chromium browser, String url, String username) {
        browser.open(url);
        browser.waitFor(By.id("kc-login")); // the page sends the browser to Keycloak's login (no session yet)
        KeycloakSignIn.untilBackAt(browser, url, username, BenchRealm.PASSWORD, TenantMembersScenario.TENANT, WAIT);
        try {
            browser.until(d -> Boolean.TRUE.equals(((ChromeDriver) d)
                    .executeScript("return !/[?#&]code=/.test(location.href) && document.querySelector("
                            + "'.portal-page-root[data-page]:not([aria-busy]), nav') !== null")));
        } catch (TimeoutException e) {
            throw new IllegalStateException(username + " is not signed in at " + url + ": " + describe(browser), e);
        }
    }

    /** One measured opening of {@code url}: navigation start to the first row (DOM) and to the frame after it. */
    private static Round open(Chromium browser, String url) {
        ChromeDriver driver = browser.driver();
        driver.get("about:blank");
        // the navigation start, on the page's own clock, right before the navigation
        double start = ((Number) driver.executeScript(
                        "const at = performance.timeOrigin + performance.now(); location.href = arguments[0]; return at;",
                        url))
                .doubleValue();
        Map<?, ?> rows;
        try {
            rows = new WebDriverWait(driver, WAIT).until(d -> {
                Object stamp = driver.executeScript(
                        "return window.__benchRows && window.__benchRows.frame ? window.__benchRows : null");
                return stamp instanceof Map<?, ?> map ? map : null;
            });
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "no member rows within " + WAIT + " at " + url + ": " + describe(browser), e);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> calls = (List<Map<String, Object>>) driver.executeScript(CALLS);
        return new Round(
                number(rows.get("dom")) - start,
                number(rows.get("frame")) - start,
                number(rows.get("frameInDocument")),
                calls);
    }

    /** A load of {@code url} with the cache off (or on): requests and bytes, once the first rows are there. */
    private static Map<String, Object> firstLoad(Chromium browser, String url, boolean emptyCache) {
        ChromeDriver driver = browser.driver();
        driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", emptyCache));
        try {
            Round round = open(browser, url);
            // the rows are there; wait for the network to settle (late requests, e.g. the console's own)
            browser.until(d -> {
                Object count = driver.executeScript("return performance.getEntriesByType('resource').length");
                sleep(300);
                return count.equals(driver.executeScript("return performance.getEntriesByType('resource').length"));
            });
            @SuppressWarnings("unchecked")
            Map<String, Object> load = (Map<String, Object>) driver.executeScript(LOAD);
            load.put("firstRowsOnScreenMs", Math.round(round.frameMs()));
            return load;
        } finally {
            driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", false));
        }
    }

    private static void report(String label, List<Round> rounds) {
        double[] dom = rounds.stream().mapToDouble(Round::domMs).sorted().toArray();
        double[] frame = frames(rounds);
        System.out.printf(
                Locale.ROOT,
                "  %-34s rows in DOM p50 %.0f / p95 %.0f ms; first page on screen p50 %.0f / p95 %.0f / max %.0f ms"
                        + " (%d rounds)%n",
                label,
                percentile(dom, 50),
                percentile(dom, 95),
                percentile(frame, 50),
                percentile(frame, 95),
                frame[frame.length - 1],
                rounds.size());
        Round median = rounds.stream()
                .sorted((x, y) -> Double.compare(x.frameMs(), y.frameMs()))
                .toList()
                .get(rounds.size() / 2);
        double lastResponse = median.calls().stream()
                .mapToDouble(c -> number(c.get("end")))
                .max()
                .orElse(0);
        System.out.printf(
                Locale.ROOT,
                "    median round: %.0f ms on screen (%.0f ms of it in the final document); %d API/session calls, "
                        + "the last answered at %.0f ms; after it %.0f ms of script and rendering%n",
                median.frameMs(),
                median.frameInDocumentMs(),
                median.calls().size(),
                lastResponse,
                median.frameInDocumentMs() - lastResponse);
        for (Map<String, Object> call : median.calls()) {
            System.out.printf(
                    Locale.ROOT,
                    "      %-70s start %5.0f  ttfb %5.0f  end %5.0f ms%n",
                    abbreviate(String.valueOf(call.get("path"))),
                    number(call.get("start")),
                    number(call.get("ttfb")),
                    number(call.get("end")));
        }
    }

    /** Where the browser is and what its page says: for the message of a failed wait. */
    private static Object describe(Chromium browser) {
        return browser.driver()
                .executeScript("return {url: location.href, rows: window.__benchRows || null,"
                        + " text: document.body ? document.body.innerText.slice(0, 1500) : null}");
    }

    private static String abbreviate(String path) {
        return path.length() <= 70 ? path : path.substring(0, 67) + "...";
    }

    private static double[] frames(List<Round> rounds) {
        return rounds.stream().mapToDouble(Round::frameMs).sorted().toArray();
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, int p) {
        double[] values = sorted.clone();
        Arrays.sort(values);
        int rank = (int) Math.ceil(p / 100.0 * values.length);
        return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One opening of a page: navigation start to the first row in the DOM, to the frame after it (on screen), and
     * the part of the latter inside the final document (without redirects before it), with the page's fetches.
     */
    private record Round(double domMs, double frameMs, double frameInDocumentMs, List<Map<String, Object>> calls) {}

    @Override
    public void tearDown(BenchContext context) {
        tenant.tearDown(context);
    }
}
