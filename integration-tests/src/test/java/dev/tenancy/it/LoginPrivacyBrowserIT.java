package dev.tenancy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import dev.tenancy.testsupport.browser.Chromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The identity-first pages in a real browser (headless Chromium; skipped with a message when it is not installed):
 * after the name of a member of three tenants with a last-used tenant, and after an unknown name, the password
 * page reads the same (visible text, the typed name aside) and names none of the member's tenants. The same realm
 * and flow as {@link LoginPrivacyIT}, which checks the HTML of these pages over plain HTTP.
 */
@KeycloakIntegrationTest
class LoginPrivacyBrowserIT {

    static TestRealm realm;
    Chromium chromium;

    @BeforeAll
    static void setUp(TestRealm testRealm) {
        Chromium.assumeAvailable(); // before the fixture: nothing to set up for skipped tests
        realm = testRealm;
        LoginPrivacyIT.prepare(testRealm);
    }

    @BeforeEach
    void browser() {
        chromium = Chromium.start();
    }

    @AfterEach
    void close() {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** The visible text of the page after typing {@code username} on the username page, the name replaced. */
    String visibleTextAfterUsername(String username) {
        chromium.driver().manage().deleteAllCookies();
        chromium.open(LoginPrivacyIT.authUrl(realm, LoginPrivacyIT.APP, "openid"));
        chromium.waitFor(By.id("username")).sendKeys(username);
        assertThat(chromium.has(By.id("password"))).as("identity-first: no password on the first page").isFalse();
        chromium.waitFor(By.id("kc-login")).click();
        chromium.waitFor(By.id("password"));
        String text = (String) ((JavascriptExecutor) chromium.driver()).executeScript("return document.body.innerText");
        return text.replace(username, "<typed>");
    }

    @Test
    void theIdentityFirstPasswordPagesOfAMemberOfThreeTenantsAndOfAnUnknownNameReadTheSame() {
        String member = visibleTextAfterUsername(LoginPrivacyIT.MEMBER);
        String unknown = visibleTextAfterUsername(LoginPrivacyIT.UNKNOWN);
        assertThat(member).isEqualTo(unknown);
        assertThat(member).doesNotContain("North Star", "Nordlicht", "Southwind", "Eastgate");
        assertThat(chromium.all(By.cssSelector("img")).stream().map(img -> String.valueOf(img.getAttribute("src"))))
                .noneMatch(src -> src.contains("logos.tenancy.test"));
    }
}
