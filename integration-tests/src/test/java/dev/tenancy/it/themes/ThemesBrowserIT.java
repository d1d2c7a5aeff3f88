package dev.tenancy.it.themes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.TenantApi;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import dev.tenancy.testsupport.browser.BrowserTests;
import dev.tenancy.testsupport.browser.Chromium;
import dev.tenancy.testsupport.browser.KeycloakSignIn;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.devtools.NetworkInterceptor;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.remote.http.Contents;
import org.openqa.selenium.remote.http.HttpResponse;
import org.openqa.selenium.remote.http.Route;

/**
 * The themes in a real browser (headless Chromium; skipped with a message when it is not installed): the tenant picker
 * with 2 and with 12 tenants (search, keyboard only), the invitation page (accept, decline), the branded login of acme
 * next to an unbranded one, and HTML injection in a tenant's name and branding shown as text. The tenants' logo URLs
 * (https://logos.tenancy.test/...) are answered by the browser itself (DevTools request interception): no network.
 * Screenshots go to {@code integration-tests/target/screenshots} (README's are copied from there).
 */
@ExtendWith(BrowserTests.class) // without Chromium: reported as skipped, before any set-up
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class ThemesBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static ThemeRealm fixture;

    Chromium chromium;
    NetworkInterceptor logos;

    @BeforeAll
    static void setUp(TestRealm realm) {
        Chromium.assumeAvailable(); // before the fixture: nothing to set up for skipped tests
        fixture = ThemeRealm.setUp(realm);
    }

    @BeforeEach
    void browser() {
        chromium = Chromium.start();
        logos = new NetworkInterceptor(
                chromium.driver(),
                Route.matching(request -> request.getUri().startsWith(ThemeRealm.LOGO_HOST))
                        .to(() -> request -> logo(request.getUri())));
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

    static HttpResponse logo(String uri) {
        String alias = uri.substring(ThemeRealm.LOGO_HOST.length()).replace(".svg", "");
        String name = alias.equals("acme")
                ? "Acme"
                : ThemeRealm.MANY.stream()
                        .filter(n -> n.toLowerCase(java.util.Locale.ROOT)
                                .replaceAll("[^a-z0-9]+", "-")
                                .equals(alias))
                        .findFirst()
                        .orElse("?");
        int index = ThemeRealm.MANY.indexOf(name);
        String color =
                alias.equals("acme") ? "#b3261e" : ThemeRealm.COLORS.get(Math.max(0, index) % ThemeRealm.COLORS.size());
        return new HttpResponse()
                .setStatus(200)
                .addHeader("Content-Type", "image/svg+xml")
                .setContent(Contents.utf8String(ThemeRealm.logoSvg(name, color)));
    }

    void signIn(String username) {
        KeycloakSignIn.enterCredentials(chromium, username, TestRealm.PASSWORD);
    }

    /** Waits for the redirect to the app and returns the access token's claims of its code. */
    Map<String, Object> tokenAtCallback() {
        String url = chromium.until(d -> d.getCurrentUrl().startsWith(ThemeRealm.REDIRECT) ? d.getCurrentUrl() : null);
        String code = null;
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith("code=")) {
                code = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        assertThat(code).as(url).isNotNull();
        Http.Response tokens = Http.form(
                fixture.realm.tokenEndpoint(),
                Http.fields(
                        "grant_type",
                        "authorization_code",
                        "client_id",
                        TenantApi.APP,
                        "code",
                        code,
                        "redirect_uri",
                        ThemeRealm.REDIRECT));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return Jwks.verify(fixture.realm.url(), tokens.string("access_token"));
    }

    List<String> visibleTenants() {
        return chromium.all(By.cssSelector(".tenancy-picker-item")).stream()
                .filter(WebElement::isDisplayed)
                .map(item ->
                        item.findElement(By.className("tenancy-picker-name")).getText())
                .toList();
    }

    boolean imageLoaded(WebElement img) {
        return (Boolean) ((JavascriptExecutor) chromium.driver())
                .executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", img);
    }

    String css(By by, String property) {
        return chromium.waitFor(by).getCssValue(property);
    }

    @Test
    void thePickerWithTwoTenantsIsUsedWithTheKeyboardOnly() {
        chromium.open(fixture.authUrl("openid"));
        signIn("paul");
        chromium.waitFor(By.id("tenancy-picker"));
        assertThat(visibleTenants()).containsExactly("Acme Corporation", "Globex Inc");
        assertThat(chromium.has(By.id("tenancy-picker-search"))).isFalse();
        assertThat(imageLoaded(chromium.waitFor(By.cssSelector(".tenancy-picker-logo"))))
                .isTrue();
        // the first tenant has the focus: keyboard only from here
        assertThat(chromium.focused().getAttribute("value")).isEqualTo("acme");
        new Actions(chromium.driver()).sendKeys(Keys.ARROW_DOWN).perform();
        assertThat(chromium.focused().getAttribute("value")).isEqualTo("globex");
        new Actions(chromium.driver()).sendKeys(Keys.ENTER).perform();
        assertThat((Map<String, Object>) tokenAtCallback().get("tenant")).containsEntry("alias", "globex");

        // the next login (an SSO re-entry: no password) shows the picker again, globex marked and focused
        chromium.open(fixture.authUrl("openid"));
        WebElement last = chromium.waitFor(By.cssSelector(".tenancy-picker-last"));
        assertThat(last.getAttribute("value")).isEqualTo("globex");
        assertThat(last.getText()).contains("Last used");
        assertThat(chromium.focused().getAttribute("value")).isEqualTo("globex");
        chromium.screenshot(SCREENSHOTS.resolve("picker-2.png"));
        new Actions(chromium.driver()).sendKeys(Keys.ARROW_UP, Keys.ENTER).perform();
        assertThat((Map<String, Object>) tokenAtCallback().get("tenant")).containsEntry("alias", "acme");
    }

    @Test
    void thePickerWithTwelveTenantsHasASearchBox() {
        fixture.memberOfMany("dora"); // no last-used tenant: the search box has the focus
        chromium.open(fixture.authUrl("openid"));
        signIn("dora");
        WebElement search = chromium.waitFor(By.id("tenancy-picker-search"));
        assertThat(search.isDisplayed()).as("the script reveals the search box").isTrue();
        assertThat(chromium.focused()).isEqualTo(search);
        assertThat(visibleTenants()).hasSize(12);
        assertThat(chromium.waitFor(By.id("tenancy-picker-count")).getText()).isEqualTo("12 tenants shown");

        search.sendKeys("ar");
        assertThat(visibleTenants()).containsExactly("Blue Harbor", "Cedar & Co");
        assertThat(chromium.waitFor(By.id("tenancy-picker-count")).getText()).isEqualTo("2 tenants shown");
        chromium.screenshot(SCREENSHOTS.resolve("picker-12-search.png"));

        search.sendKeys("zzz");
        assertThat(visibleTenants()).isEmpty();
        assertThat(chromium.waitFor(By.id("tenancy-picker-empty")).isDisplayed())
                .isTrue();
        search.sendKeys(Keys.ESCAPE);
        assertThat(visibleTenants()).hasSize(12);

        // keyboard only: filter, Enter focuses the first match, arrows move, Enter chooses
        search.sendKeys("ar", Keys.ENTER);
        assertThat(chromium.focused().getAttribute("value")).isEqualTo("blue-harbor");
        new Actions(chromium.driver()).sendKeys(Keys.ARROW_DOWN).perform();
        assertThat(chromium.focused().getAttribute("value")).isEqualTo("cedar-co");
        new Actions(chromium.driver()).sendKeys(Keys.ENTER).perform();
        assertThat((Map<String, Object>) tokenAtCallback().get("tenant")).containsEntry("alias", "cedar-co");

        // the next login: the last-used tenant has the focus, not the search box (themes/README.md)
        chromium.open(fixture.authUrl("openid"));
        WebElement last = chromium.waitFor(By.cssSelector(".tenancy-picker-last"));
        assertThat(last.getAttribute("value")).isEqualTo("cedar-co");
        assertThat(chromium.focused()).isEqualTo(last);
        assertThat(chromium.waitFor(By.id("tenancy-picker-search")).isDisplayed())
                .isTrue();
    }

    @Test
    void aSingleMatchIsChosenWithEnter() {
        chromium.open(fixture.authUrl("openid"));
        signIn("dana");
        chromium.waitFor(By.id("tenancy-picker-search")).sendKeys("fjord", Keys.ENTER);
        assertThat((Map<String, Object>) tokenAtCallback().get("tenant")).containsEntry("alias", "fjord-analytics");
    }

    @Test
    void theLoginOfAcmeIsBrandedAndALoginWithoutTenantIsNot() {
        chromium.open(fixture.authUrl("openid"));
        chromium.waitFor(By.id("kc-form-login"));
        assertThat(chromium.has(By.id("tenancy-brand"))).isFalse();
        String stockButton = css(By.id("kc-login"), "background-color");
        chromium.screenshot(SCREENSHOTS.resolve("unbranded-login.png"));

        chromium.open(fixture.authUrl("openid organization:acme"));
        assertThat(chromium.waitFor(By.id("tenancy-brand-name")).getText()).isEqualTo("Acme Corporation");
        WebElement logo = chromium.waitFor(By.id("tenancy-brand-logo"));
        chromium.until(d -> imageLoaded(logo) ? true : null);
        assertThat(css(By.id("kc-login"), "background-color"))
                .isEqualTo("rgba(179, 38, 30, 1)")
                .isNotEqualTo(stockButton);
        chromium.screenshot(SCREENSHOTS.resolve("branded-login.png"));
    }

    @Test
    void htmlInATenantsNameAndBrandingIsShownAsText() {
        chromium.open(fixture.authUrl("openid organization:evil"));
        assertThat(chromium.waitFor(By.id("tenancy-brand-name")).getText()).isEqualTo(ThemeRealm.EVIL_DISPLAY_NAME);
        assertThat(chromium.has(By.id("tenancy-brand-logo"))).isFalse();
        assertThat(chromium.has(By.id("tenancy-brand-style"))).isFalse();
        assertNoAlert();

        chromium.open(fixture.authUrl("openid"));
        signIn("eve");
        chromium.waitFor(By.id("tenancy-picker"));
        assertThat(visibleTenants()).contains(ThemeRealm.EVIL_DISPLAY_NAME, ThemeRealm.EVIL_NAME);
        assertThat(chromium.all(By.cssSelector("img[src='x']"))).isEmpty();
        assertNoAlert();
        chromium.screenshot(SCREENSHOTS.resolve("picker-escaped.png"));
    }

    void assertNoAlert() {
        try {
            chromium.driver().switchTo().alert();
            throw new AssertionError("an injected script opened an alert");
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }

    @Test
    void anInvitationIsAcceptedAfterSigningIn(TestRealm realm) {
        realm.createUser("rita", "rita@example.test");
        Map<String, Object> invitation = fixture.api
                .call(
                        "POST",
                        "/acme/invitations",
                        Map.of("email", "rita@example.test", "roles", List.of("viewers")),
                        fixture.api.token("ann", "acme"))
                .json();
        chromium.open(invitation.get("link").toString());
        assertThat(chromium.waitFor(By.id("tenancy-invitation-tenant")).getText())
                .isEqualTo("Acme Corporation");
        assertThat(chromium.waitFor(By.id("tenancy-invitation-inviter")).getText())
                .isEqualTo("ann Test (ann@users.test)");
        assertThat(chromium.waitFor(By.id("tenancy-invitation-roles")).getText())
                .isEqualTo("viewers");
        assertThat(chromium.waitFor(By.id("tenancy-invitation-expiry")).getText())
                .endsWith("UTC");
        chromium.screenshot(SCREENSHOTS.resolve("invitation.png"));
        chromium.waitFor(By.id("tenancy-invitation-accept")).click();

        // Keycloak's login for the invitation, branded for the inviting tenant, the e-mail already filled in
        assertThat(chromium.waitFor(By.id("tenancy-brand-name")).getText()).isEqualTo("Acme Corporation");
        assertThat(chromium.waitFor(By.id("username")).getAttribute("value")).isEqualTo("rita@example.test");
        chromium.waitFor(By.id("password")).sendKeys(TestRealm.PASSWORD);
        chromium.waitFor(By.id("kc-login")).click();
        assertThat(chromium.waitFor(By.id("tenancy-invitation-message")).getText())
                .isEqualTo("You joined Acme Corporation.");
        assertThat(fixture.api
                        .get("/acme/invitations/" + invitation.get("id"), fixture.api.token("ann", "acme"))
                        .string("status"))
                .isEqualTo("ACCEPTED");
    }

    @Test
    void anInvitationIsDeclined() {
        Map<String, Object> invitation = fixture.api
                .call(
                        "POST",
                        "/acme/invitations",
                        Map.of("email", "not-interested@example.test"),
                        fixture.api.token("ann", "acme"))
                .json();
        chromium.open(invitation.get("link").toString());
        chromium.waitFor(By.id("tenancy-invitation-decline")).click();
        // the invitation page and the answer page both have this element: wait for the answer's text
        String answer = chromium.until(d -> {
            try {
                String text = d.findElement(By.id("tenancy-invitation-message")).getText();
                return text.startsWith("You declined") ? text : null;
            } catch (org.openqa.selenium.WebDriverException stillNavigating) {
                return null;
            }
        });
        assertThat(answer).startsWith("You declined the invitation to join Acme Corporation.");
        assertThat(fixture.api
                        .get("/acme/invitations/" + invitation.get("id"), fixture.api.token("ann", "acme"))
                        .string("status"))
                .isEqualTo("DECLINED");
        chromium.open(invitation.get("link").toString());
        assertThat(chromium.waitFor(By.id("tenancy-invitation-message")).getText())
                .isEqualTo("This invitation to Acme Corporation has been declined.");
    }
}
