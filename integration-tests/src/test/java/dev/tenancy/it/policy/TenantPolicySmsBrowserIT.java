package dev.tenancy.it.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.login.LoginPrivacyIT;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.SmsSink;
import dev.tenancy.testsupport.TestRealm;
import dev.tenancy.testsupport.browser.AxeCore;
import dev.tenancy.testsupport.browser.BrowserTests;
import dev.tenancy.testsupport.browser.Chromium;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;

/**
 * The SMS pages in a real browser (headless Chromium): a member of a tenant that requires SMS enrols a number at the
 * first login (a refused number first, then the code texted to the real one) and signs in with a texted code at the
 * next login, keyboard only (Tab and Enter from the focused field). The same realm set-up as {@link TenantPolicySmsIT}.
 */
@ExtendWith(BrowserTests.class) // without Chromium: reported as skipped, before any set-up
@KeycloakIntegrationTest
class TenantPolicySmsBrowserIT {

    static TestRealm realm;
    static SmsSink gateway;

    @BeforeAll
    static void setUp(TestRealm testRealm) {
        Chromium.assumeAvailable();
        realm = testRealm;
        gateway = SmsSink.start();
        TenantPolicySmsIT.prepare(testRealm, gateway);
        Map<String, Object> settings = testRealm.adminCall("GET", "", null).json();
        settings.put("internationalizationEnabled", true);
        settings.put("supportedLocales", List.of("en", "de"));
        settings.put("defaultLocale", "en");
        testRealm.adminOk("PUT", "", settings);
    }

    @AfterAll
    static void closeGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    static String code(String number) {
        SmsSink.Sms sms = gateway.next(Duration.ofSeconds(30));
        assertThat(sms.to()).isEqualTo(number);
        Matcher code = TenantPolicySmsIT.CODE.matcher(sms.text());
        assertThat(code.find()).isTrue();
        return code.group(1);
    }

    static void signIn(Chromium chromium, String username) {
        chromium.open(LoginPrivacyIT.authUrl(realm, TenantPolicySmsIT.APP, "openid organization:texted"));
        chromium.waitFor(By.id("username")).sendKeys(username);
        chromium.waitFor(By.id("password")).sendKeys(TestRealm.PASSWORD, Keys.ENTER);
    }

    @Test
    void aMemberEnrolsANumberAndSignsInWithTheTextedCodeUsingTheKeyboardOnly() {
        String number = "+4915100000101";
        int callsBefore = gateway.calls(); // the gateway counts for the whole class
        try (Chromium chromium = Chromium.start()) {
            signIn(chromium, "browser");
            // the phone page has the focus in its field; Enter sends
            chromium.waitFor(By.id("tenancy-sms-phone"));
            assertThat(chromium.focused().getDomAttribute("id")).isEqualTo("tenancy-sms-phone");
            assertThat(chromium.driver().findElement(By.tagName("body")).getText())
                    .contains("Set up sign-in codes by SMS");
            chromium.focused().sendKeys("+49 900 1234567", Keys.ENTER);
            chromium.until(d -> d.getPageSource().contains("premium-rate or service numbers are not allowed"));
            chromium.waitFor(By.id("tenancy-sms-phone")).sendKeys("+49 151 0000 0101", Keys.ENTER);
            chromium.waitFor(By.id("tenancy-sms-code"));
            assertThat(chromium.focused().getDomAttribute("id")).isEqualTo("tenancy-sms-code");
            assertThat(chromium.driver().findElement(By.tagName("body")).getText())
                    .contains("+49\u202601");
            chromium.focused().sendKeys(code(number), Keys.ENTER);
            chromium.until(d -> d.getCurrentUrl().startsWith(TenantPolicyFixtures.REDIRECT));
            assertThat(chromium.url()).contains("code=");
        }
        try (Chromium chromium = Chromium.start()) {
            signIn(chromium, "browser");
            chromium.waitFor(By.id("tenancy-sms-code"));
            assertThat(chromium.driver().findElement(By.tagName("body")).getText())
                    .contains("Enter the code we texted you");
            chromium.focused().sendKeys(code(number), Keys.ENTER);
            chromium.until(d -> d.getCurrentUrl().startsWith(TenantPolicyFixtures.REDIRECT));
            assertThat(chromium.url()).contains("code=");
        }
        assertThat(gateway.calls() - callsBefore).isEqualTo(2);
    }

    /**
     * "Choose a second factor" in English and German: {@code choosy} allows an authenticator app and SMS, so exactly
     * those two are offered (the realm could also set up security keys); the page passes axe-core; the keyboard alone
     * picks SMS (arrow key in the radio group, Tab to the button, Enter) and the SMS setup follows.
     */
    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    void theSetupChoiceOffersOnlyTheTenantsMethodsAccessiblyAndByKeyboard(String language) {
        String number = "+49151000002" + ("en".equals(language) ? "01" : "02");
        try (Chromium chromium = Chromium.start("de".equals(language) ? "de-DE" : "en-US")) {
            chromium.open(LoginPrivacyIT.authUrl(realm, TenantPolicySmsIT.APP, "openid organization:choosy"));
            chromium.waitFor(By.id("username")).sendKeys("chooser-" + language);
            chromium.waitFor(By.id("password")).sendKeys(TestRealm.PASSWORD, Keys.ENTER);
            chromium.waitFor(By.id("tenancy-mfa-choice-form"));
            assertThat(((JavascriptExecutor) chromium.driver()).executeScript("return document.documentElement.lang"))
                    .isEqualTo(language);
            assertThat(chromium.all(By.name("tenancy-mfa-method")).stream().map(e -> e.getDomAttribute("value")))
                    .containsExactly("otp", "sms");
            assertThat(chromium.driver().findElement(By.tagName("body")).getText())
                    .contains("de".equals(language) ? "Zweiten Faktor einrichten" : "Set up a second factor")
                    .contains("de".equals(language) ? "Textnachricht (SMS)" : "Text message (SMS)");
            AxeCore.assertAccessible(chromium, "setup choice (" + language + ")");

            assertThat(chromium.focused().getDomAttribute("value"))
                    .as("the first method has the focus")
                    .isEqualTo("otp");
            chromium.focused().sendKeys(Keys.ARROW_DOWN);
            assertThat(chromium.focused().getDomAttribute("value")).isEqualTo("sms");
            chromium.focused().sendKeys(Keys.TAB);
            assertThat(chromium.focused().getDomAttribute("id")).isEqualTo("kc-login");
            chromium.focused().sendKeys(Keys.ENTER);

            chromium.waitFor(By.id("tenancy-sms-phone")).sendKeys(number, Keys.ENTER);
            chromium.waitFor(By.id("tenancy-sms-code"));
            chromium.focused().sendKeys(code(number), Keys.ENTER);
            chromium.until(d -> d.getCurrentUrl().startsWith(TenantPolicyFixtures.REDIRECT));
            assertThat(chromium.url()).contains("code=");
        }
    }
}
