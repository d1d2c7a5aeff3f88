package dev.tenancy.it.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import dev.tenancy.testsupport.browser.BrowserTests;
import dev.tenancy.testsupport.browser.Chromium;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A realm set up by the setup call alone, in headless Chromium: a user of two tenants signs in through the flow setup
 * built, the picker shows both tenants, and the token is for the one picked.
 */
@ExtendWith(BrowserTests.class)
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class RealmSetupBrowserIT {

    static TestRealm realm;
    Chromium chromium;

    @BeforeAll
    static void setUp(TestRealm testRealm) {
        Chromium.assumeAvailable();
        realm = testRealm;
        RealmSetupIT.createApp(realm);
        Http.Response setup = RealmSetupIT.setup(realm, "", SetupDocs.json("setup-request.json"));
        assertThat(setup.status()).as(setup.toString()).isEqualTo(200);
        RealmSetupIT.tenantsAndUsers(realm);
    }

    @AfterEach
    void close() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aUserOfTwoTenantsPicksOneOnTheLoginPagesOfASetUpRealm() {
        chromium = Chromium.start();
        chromium.open(realm.url() + "/protocol/openid-connect/auth?client_id=" + RealmSetupIT.APP + "&redirect_uri="
                + URLEncoder.encode(RealmSetupIT.REDIRECT, StandardCharsets.UTF_8)
                + "&response_type=code&scope=openid&state=s&nonce=n");
        chromium.waitFor(By.id("username")).sendKeys("tom");
        if (!chromium.has(By.id("password"))) {
            chromium.waitFor(By.id("kc-login")).click(); // Keycloak's identity-first organization step, copied by setup
        }
        chromium.waitFor(By.id("password")).sendKeys(TestRealm.PASSWORD);
        chromium.waitFor(By.id("kc-login")).click();
        chromium.waitFor(By.id("tenancy-picker"));
        assertThat(chromium.all(By.cssSelector(".tenancy-picker-item")).stream()
                        .filter(WebElement::isDisplayed)
                        .map(item -> item.findElement(By.className("tenancy-picker-name"))
                                .getText()))
                .containsExactly("Acme Corp", "Globex Inc");
        chromium.waitFor(By.cssSelector("button[name='kc.org'][value='globex']"))
                .click();

        String url =
                chromium.until(d -> d.getCurrentUrl().startsWith(RealmSetupIT.REDIRECT) ? d.getCurrentUrl() : null);
        String code = null;
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith("code=")) {
                code = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        assertThat(code).as(url).isNotNull();
        Http.Response tokens = Http.form(
                realm.tokenEndpoint(),
                Http.fields(
                        "grant_type",
                        "authorization_code",
                        "client_id",
                        RealmSetupIT.APP,
                        "code",
                        code,
                        "redirect_uri",
                        RealmSetupIT.REDIRECT));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        Map<String, Object> claims = Jwks.verify(realm.url(), tokens.string("access_token"));
        assertThat((Map<String, Object>) claims.get("tenant")).containsEntry("alias", "globex");
    }
}
