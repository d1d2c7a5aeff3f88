package dev.tenancy.it.themes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenancy.it.TenantApi;
import dev.tenancy.it.policy.TenantPolicyFixtures;
import dev.tenancy.it.tenantapi.TenantAdminInvitationsIT;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.SmtpSink;
import dev.tenancy.testsupport.TestRealm;
import dev.tenancy.testsupport.browser.AxeCore;
import dev.tenancy.testsupport.browser.BrowserTests;
import dev.tenancy.testsupport.browser.Chromium;
import dev.tenancy.testsupport.browser.FocusWalk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.devtools.NetworkInterceptor;
import org.openqa.selenium.remote.http.Route;

/**
 * WCAG 2.1 AA on every page the pack renders or changes, in English and German, in headless Chromium: axe-core
 * ({@link AxeCore}, rules wcag2a/wcag2aa/wcag21a/wcag21aa; a serious or critical violation fails) on the username and
 * password pages (identity-first), the tenant picker (2 tenants, 13 tenants, a search, no match), the pages branded
 * in a dark ({@code #b3261e}) and a light ({@code #f5c518}) colour (also in dark mode), the invitation page (pending,
 * accepted, expired) and the e-mail code page (and its e-mail's {@code lang}). Keyboard only ({@link FocusWalk}): Tab
 * reaches every control with a visible focus ring, and the picker focuses the last-used tenant as themes/README.md
 * promises. Headings: one {@code <h1>}, the logo not in it; one {@code <main>}.
 */
@ExtendWith(BrowserTests.class) // without Chromium: reported as skipped, before any set-up
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class AccessibilityBrowserIT {

    static final String LIGHT = "#f5c518";
    static final String MFA_APP = "a11y-mfa-app";
    static ThemeRealm fixture;
    static SmtpSink mailbox;
    /** What axe reported below serious, per page: printed, never failing. */
    static final List<String> minor = new ArrayList<>();
    /** The pages checked, with their Tab stops where walked: printed. */
    static final List<String> checked = new ArrayList<>();

    Chromium chromium;
    NetworkInterceptor logos;

    @BeforeAll
    static void setUp(TestRealm realm) {
        Chromium.assumeAvailable(); // before the fixture: nothing to set up for skipped tests
        fixture = ThemeRealm.setUp(realm); // acme (#b3261e, logo), globex, paul in both, dana in 12 tenants
        String sunny = realm.createOrganization("sunny", "Sunny Days", "sunny.test");
        fixture.attributes(
                sunny,
                Map.of(
                        "tenancy.branding.display-name",
                        "Sunny Days",
                        "tenancy.branding.logo-url",
                        ThemeRealm.LOGO_HOST + "sunny.svg",
                        "tenancy.branding.primary-color",
                        LIGHT));
        fixture.api.member(sunny, "sam");
        // the 13 tenants: the twelve and one more, for a user per language (each starts without a last tenant)
        String thirteenth = realm.createOrganization("mosaic-media", "Mosaic Media");
        for (String language : List.of("en", "de")) {
            realm.addMember(thirteenth, fixture.memberOfMany("many-" + language));
        }

        // "Email one-time code": a tenant that requires it, a client whose browser flow has the policy steps
        mailbox = SmtpSink.start();
        Map<String, Object> settings = realm.adminCall("GET", "", null).json();
        settings.put("smtpServer", mailbox.realmSmtpSettings("noreply@tenancy.test"));
        realm.adminOk("PUT", "", settings);
        String mailed = realm.createOrganization("mailed", "Mailed Codes", "mailed.test");
        TenantPolicyFixtures.setPolicy(
                realm,
                mailed,
                Map.of("tenancy.policy.mfa", List.of("all"), "tenancy.policy.mfa.methods", List.of("email")));
        realm.addMember(mailed, realm.createUser("coder", "coder@example.test"));
        String mfaApp = TenantPolicyFixtures.createAppClient(realm, MFA_APP);
        realm.installBrowserFlowWithTenantPolicies();

        // the realm's flow: identity-first (username page, then the password page with the attempted username)
        realm.installIdentityFirstBrowserFlowWithTenantSelection(
                Map.of("showTenantPicker", "true", "rememberLastTenant", "true"), true);
        String policyFlow = realm.adminCall("GET", "/authentication/flows", null).jsonList().stream()
                .map(f -> (Map<String, Object>) f)
                .filter(f -> "tenancy policy browser".equals(f.get("alias")))
                .map(f -> (String) f.get("id"))
                .findFirst()
                .orElseThrow();
        Map<String, Object> client =
                realm.adminCall("GET", "/clients/" + mfaApp, null).json();
        client.put("authenticationFlowBindingOverrides", Map.of("browser", policyFlow));
        realm.adminOk("PUT", "/clients/" + mfaApp, client);
    }

    @AfterAll
    static void report() {
        if (mailbox != null) {
            mailbox.close();
        }
        System.out.println("[a11y] axe-core " + AxeCore.version() + " " + AxeCore.TAGS + ", " + checked.size()
                + " page checks without a serious or critical violation:\n  " + String.join("\n  ", checked) + "\n"
                + (minor.isEmpty()
                        ? "no minor or moderate violations"
                        : "minor/moderate:\n" + String.join("\n", minor)));
    }

    @AfterEach
    void close() {
        if (logos != null) {
            logos.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    /** A browser in {@code language} whose requests for the tenants' logos are answered by itself. */
    void browser(String language) {
        chromium = Chromium.start("de".equals(language) ? "de-DE" : "en-US");
        logos = new NetworkInterceptor(
                chromium.driver(),
                Route.matching(request -> request.getUri().startsWith(ThemeRealm.LOGO_HOST))
                        .to(() -> request -> ThemesBrowserIT.logo(request.getUri())));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) chromium.driver()).executeScript(script, args);
    }

    /** axe on the current page, after checking it is in the expected language and has one h1 and one main. */
    void check(String page, String language) {
        String name = page + " (" + language + ")";
        assertThat(js("return document.documentElement.lang"))
                .as(name + ": <html lang>")
                .isEqualTo(language);
        assertThat(chromium.all(By.tagName("h1"))).as(name + ": one h1").hasSize(1);
        assertThat(chromium.all(By.tagName("main")))
                .as(name + ": one main landmark")
                .hasSize(1);
        AxeCore.assertAccessible(chromium, name).forEach(v -> minor.add(name + ": " + v.impact() + " " + v.rule()));
        checked.add(name);
    }

    /** Tab through the page: every control reached, each with a visible focus ring. */
    List<FocusWalk.Stop> keyboard(String page, String language) {
        List<FocusWalk.Stop> stops = FocusWalk.assertKeyboardUsable(chromium, page + " (" + language + ")");
        checked.add(page + " (" + language + "): keyboard, " + stops.size() + " Tab stops, focus rings "
                + stops.stream().map(FocusWalk.Stop::outline).distinct().toList());
        return stops;
    }

    void typeUsername(String username) {
        chromium.waitFor(By.id("username")).sendKeys(username);
        chromium.waitFor(By.id("kc-login")).click();
        chromium.waitFor(By.id("password"));
    }

    void typePassword() {
        chromium.waitFor(By.id("password")).sendKeys(TestRealm.PASSWORD);
        chromium.waitFor(By.id("kc-login")).click();
    }

    String focusedValue() {
        return chromium.focused().getAttribute("value");
    }

    @Test
    void theCheckerFindsWhatItLooksFor() {
        browser("en-US");
        chromium.open("data:text/html,<html lang='en'><title>t</title><main><h1>x</h1>"
                + "<input id='a'><p style='color:%23777;background:%23fff'>grey text</p>"
                + "<button style='outline:none'>Go</button></main></html>");
        List<AxeCore.Violation> violations = AxeCore.violations(chromium);
        assertThat(violations)
                .anySatisfy(v -> assertThat(v.rule() + " " + v.impact()).isEqualTo("label critical"));
        assertThat(violations)
                .anySatisfy(v -> assertThat(v.rule() + " " + v.impact()).isEqualTo("color-contrast serious"));
        assertThatThrownBy(() -> AxeCore.assertAccessible(chromium, "bad page"))
                .hasMessageContaining("label")
                .hasMessageContaining("color-contrast")
                .hasMessageContaining("#a");
        assertThatThrownBy(() -> FocusWalk.assertKeyboardUsable(chromium, "bad page"))
                .hasMessageContaining("without a visible indicator")
                .hasMessageContaining("button");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    void usernamePasswordAndTheTwoTenantPicker(String language) {
        browser(language);
        chromium.open(fixture.authUrl("openid"));
        chromium.waitFor(By.id("username"));
        check("username page", language);
        keyboard("username page", language);

        typeUsername("paul");
        // the read-only attempted username has a label of its own (keycloak.v2's has none)
        WebElement attempted = chromium.waitFor(By.id("kc-attempted-username"));
        assertThat(attempted.getAttribute("value")).isEqualTo("paul");
        assertThat(js("return arguments[0].labels.length", attempted)).isEqualTo(1L);
        check("password page", language);
        keyboard("password page", language);

        typePassword();
        chromium.waitFor(By.id("tenancy-picker"));
        check("picker, 2 tenants", language);
        keyboard("picker, 2 tenants", language);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    void theThirteenTenantPickerSearchNoMatchAndTheLastUsedTenantsFocus(String language) {
        browser(language);
        chromium.open(fixture.authUrl("openid"));
        typeUsername("many-" + language);
        typePassword();
        WebElement search = chromium.waitFor(By.id("tenancy-picker-search"));
        assertThat(chromium.all(By.cssSelector(".tenancy-picker-item"))).hasSize(13);
        // no last-used tenant: the search box is the sensible first control
        assertThat(chromium.focused()).isEqualTo(search);
        check("picker, 13 tenants", language);
        keyboard("picker, 13 tenants", language);

        search.sendKeys("ar");
        chromium.until(d ->
                d.findElements(By.cssSelector(".tenancy-picker-item[hidden]")).size() == 11 ? true : null);
        check("picker, search", language);
        search.sendKeys("zzz");
        chromium.until(d -> d.findElement(By.id("tenancy-picker-empty")).isDisplayed() ? true : null);
        check("picker, no match", language);

        search.sendKeys(Keys.ESCAPE); // clears the search: all 13 again
        chromium.until(d ->
                d.findElements(By.cssSelector(".tenancy-picker-item[hidden]")).isEmpty() ? true : null);
        chromium.waitFor(By.cssSelector("button[value='kite-energy']")).click();
        chromium.until(d -> d.getCurrentUrl().startsWith(ThemeRealm.REDIRECT) ? true : null);

        // the next login (SSO re-entry): the last-used tenant is marked and has the focus, as the README says
        chromium.open(fixture.authUrl("openid"));
        WebElement last = chromium.waitFor(By.cssSelector(".tenancy-picker-last"));
        assertThat(last.getAttribute("value")).isEqualTo("kite-energy");
        assertThat(chromium.focused()).isEqualTo(last);
        check("picker, 13 tenants, last used", language);
        keyboard("picker, 13 tenants, last used", language);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    void pagesBrandedInADarkAndInALightColour(String language) {
        browser(language);
        // dark: white text on the button, the colour itself as text
        chromium.open(fixture.authUrl("openid organization:acme"));
        chromium.waitFor(By.id("tenancy-brand-name"));
        assertBrand("Acme Corporation", "rgba(179, 38, 30, 1)", "rgba(255, 255, 255, 1)", "rgba(179, 38, 30, 1)");
        check("username page, dark brand", language);
        keyboard("username page, dark brand", language);

        // light: black text on the button, a darker shade of it as text (white on #f5c518 would be 1.63:1)
        chromium.open(fixture.authUrl("openid organization:sunny"));
        chromium.waitFor(By.id("tenancy-brand-name"));
        assertBrand("Sunny Days", "rgba(245, 197, 24, 1)", "rgba(0, 0, 0, 1)", null);
        check("username page, light brand", language);
        // the focus ring is the darker accent, not the light colour (1.63:1 on white)
        assertThat(keyboard("username page, light brand", language))
                .extracting(FocusWalk.Stop::outline)
                .noneMatch(outline -> outline.contains("rgb(245, 197, 24)"));
        typeUsername("sam");
        chromium.waitFor(By.id("tenancy-brand-name"));
        assertBrand("Sunny Days", "rgba(245, 197, 24, 1)", "rgba(0, 0, 0, 1)", null);
        check("password page, light brand", language);
        keyboard("password page, light brand", language);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    void brandedPagesInDarkMode(String language) {
        browser(language);
        // the system prefers dark: keycloak.v2 switches PatternFly to its dark theme
        ((ChromeDriver) chromium.driver())
                .executeCdpCommand(
                        "Emulation.setEmulatedMedia",
                        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        for (String tenant : List.of("acme", "sunny")) {
            chromium.open(fixture.authUrl("openid organization:" + tenant));
            chromium.waitFor(By.id("tenancy-brand-name"));
            chromium.until(d -> Boolean.TRUE.equals(
                            js("return document.documentElement.classList" + ".contains('pf-v5-theme-dark')"))
                    ? true
                    : null);
            if ("acme".equals(tenant)) { // the dark red is too dark as text on the dark card: a lighter shade of it
                assertThat(chromium.waitFor(By.id("tenancy-brand-name")).getCssValue("color"))
                        .isNotEqualTo("rgba(179, 38, 30, 1)");
            }
            check("username page, " + tenant + ", dark mode", language);
            keyboard("username page, " + tenant + ", dark mode", language);
            chromium.open(fixture.authUrl("openid organization:" + tenant));
            typeUsername("acme".equals(tenant) ? "paul" : "sam");
            chromium.until(d -> Boolean.TRUE.equals(
                            js("return document.documentElement.classList" + ".contains('pf-v5-theme-dark')"))
                    ? true
                    : null);
            check("password page, " + tenant + ", dark mode", language);
        }
    }

    /**
     * The brand in the heading: the name as text, the logo decorative; the primary button in the colour with the
     * expected text colour; the name in {@code nameColor} (null: anything but the raw colour).
     */
    void assertBrand(String name, String button, String buttonText, String nameColor) {
        WebElement heading = chromium.waitFor(By.tagName("h1"));
        assertThat(heading.getText()).startsWith(name).doesNotContain("Logo");
        WebElement logo = chromium.waitFor(By.id("tenancy-brand-logo"));
        assertThat(logo.getAttribute("alt")).isEmpty();
        WebElement login = chromium.waitFor(By.id("kc-login"));
        assertThat(login.getCssValue("background-color")).isEqualTo(button);
        assertThat(login.getCssValue("color")).isEqualTo(buttonText);
        String shown = chromium.waitFor(By.id("tenancy-brand-name")).getCssValue("color");
        if (nameColor != null) {
            assertThat(shown).isEqualTo(nameColor);
        } else {
            assertThat(shown).isNotEqualTo(button);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    void theInvitationPagePendingAcceptedAndExpired(String language) throws InterruptedException {
        String who = "inv-" + language;
        fixture.realm.createUser(who, who + "@example.test");
        String token = fixture.api.token("ann", "acme");
        Map<String, Object> pending = fixture.api
                .call(
                        "POST",
                        "/acme/invitations",
                        Map.of("email", who + "@example.test", "roles", List.of("viewers")),
                        token)
                .json();
        Map<String, Object> expiring = fixture.api
                .call(
                        "POST",
                        "/acme/invitations",
                        Map.of("email", "late-" + who + "@example.test", "expiresInSeconds", 1),
                        token)
                .json();
        browser(language);

        chromium.open(pending.get("link").toString());
        chromium.waitFor(By.id("tenancy-invitation-accept"));
        check("invitation, pending", language);
        keyboard("invitation, pending", language);

        String key = TenantAdminInvitationsIT.keyOf(pending.get("link").toString());
        assertThat(fixture.api
                        .call("POST", "/invitations/accept", Map.of("key", key), fixture.api.token(who, null))
                        .status())
                .isBetween(200, 204);
        chromium.open(pending.get("link").toString());
        assertThat(chromium.waitFor(By.id("tenancy-invitation")).getAttribute("data-state"))
                .isEqualTo("ACCEPTED");
        check("invitation, accepted", language);

        Thread.sleep(2100); // the 1-second invitation expires
        chromium.open(expiring.get("link").toString());
        assertThat(chromium.waitFor(By.id("tenancy-invitation")).getAttribute("data-state"))
                .isEqualTo("EXPIRED");
        check("invitation, expired", language);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    void theEmailCodePage(String language) {
        mailbox.clear();
        browser(language);
        chromium.open(fixture.authUrl("openid").replace("client_id=" + TenantApi.APP, "client_id=" + MFA_APP));
        chromium.waitFor(By.id("username")).sendKeys("coder");
        chromium.waitFor(By.id("password")).sendKeys(TestRealm.PASSWORD);
        chromium.waitFor(By.id("kc-login")).click();
        chromium.waitFor(By.id("tenancy-email-code-form"));
        // the e-mail: in the page's language, with a plain-text part
        SmtpSink.Mail mail = mailbox.next(Duration.ofSeconds(30));
        assertThat(mail.recipients()).containsExactly("coder@example.test");
        assertThat(mail.html()).contains("<html lang=\"" + language + "\"");
        assertThat(mail.text()).containsPattern("\\d{6}");
        check("e-mail code page", language);
        keyboard("e-mail code page", language);
    }
}
