package dev.tenancy.it.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import dev.tenancy.testsupport.browser.BrowserTests;
import dev.tenancy.testsupport.browser.Chromium;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The identity-first pages in a real browser (headless Chromium; skipped with a message when it is not installed):
 * after the name of a member of three tenants with a last-used tenant, and after an unknown name, the password
 * page reads the same (visible text, the typed name aside) and names none of the member's tenants. The same realm
 * and flow as {@link LoginPrivacyIT}, which checks the HTML of these pages over plain HTTP.
 */
@ExtendWith(BrowserTests.class) // without Chromium: reported as skipped, before any set-up
@KeycloakIntegrationTest
class LoginPrivacyBrowserIT {

    static TestRealm realm;

    @BeforeAll
    static void setUp(TestRealm testRealm) {
        Chromium.assumeAvailable(); // before the fixture: nothing to set up for skipped tests
        realm = testRealm;
        LoginPrivacyIT.prepare(testRealm);
    }

    /** What a fresh browser shows after typing {@code username} on the username page. */
    record Shown(String text, List<String> imageSources) {}

    /** The visible text (the typed name replaced) and the images of the page after typing {@code username}. */
    static Shown afterUsername(String username) {
        try (Chromium chromium = Chromium.start()) { // a new profile: no cookie of an earlier login
            chromium.open(LoginPrivacyIT.authUrl(realm, LoginPrivacyIT.APP, "openid"));
            chromium.waitFor(By.id("username")).sendKeys(username);
            assertThat(chromium.has(By.id("password")))
                    .as("identity-first: no password on the first page")
                    .isFalse();
            chromium.waitFor(By.id("kc-login")).click();
            chromium.waitFor(By.id("password"));
            String text =
                    (String) ((JavascriptExecutor) chromium.driver()).executeScript("return document.body.innerText");
            List<String> images = chromium.all(By.cssSelector("img")).stream()
                    .map(img -> String.valueOf(img.getDomProperty("src")))
                    .toList();
            return new Shown(text.replace(username, "<typed>"), images);
        }
    }

    @Test
    void theIdentityFirstPasswordPagesOfAMemberOfThreeTenantsAndOfAnUnknownNameReadTheSame() {
        Shown member = afterUsername(LoginPrivacyIT.MEMBER);
        Shown unknown = afterUsername(LoginPrivacyIT.UNKNOWN);
        assertThat(member.text()).isEqualTo(unknown.text());
        assertThat(member.text()).doesNotContain("North Star", "Nordlicht", "Southwind", "Eastgate", "Last used");
        assertThat(member.imageSources())
                .isEqualTo(unknown.imageSources())
                .noneMatch(src -> src.contains("logos.tenancy.test"));
    }
}
