package dev.tenancy.testsupport.browser;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Signing in at Keycloak's login pages in {@link Chromium}, as a user would: the one browser-login helper of the
 * browser tests. (Over plain HTTP, without a browser, the code flow is {@code BrowserlessLogin}.)
 */
public final class KeycloakSignIn {

    private KeycloakSignIn() {}

    /**
     * Types {@code username} and {@code password} into the login form and submits it; on an identity-first username
     * page (no password field yet) the name is submitted first. Returns at once: what follows is the caller's.
     */
    public static void enterCredentials(Chromium chromium, String username, String password) {
        chromium.waitFor(By.id("username")).sendKeys(username);
        if (!chromium.has(By.id("password"))) {
            chromium.waitFor(By.id("kc-login")).click(); // identity-first: the password comes on the next page
        }
        chromium.waitFor(By.id("password")).sendKeys(password);
        chromium.waitFor(By.id("kc-login")).click();
    }

    /**
     * Goes through Keycloak's login pages in whatever order they come (the username of an identity-first
     * organization step, the password, Keycloak's organization picker or the tenancy theme's, where it picks
     * {@code tenant}) until the browser is at a URL starting with {@code returnUrl}, each page within {@code wait}.
     *
     * <p>An element found on a page can be gone at the next command: Keycloak's login pages reload themselves when
     * the browser's authentication session changed ({@code authChecker.js}), and in CI chromedriver 156 reported a
     * just-found username field of a loaded login page as "not in the document" (a Chrome race after redirects that
     * {@link Chromium}'s driver reports as a stale element). The step then starts over on the
     * page the browser shows; at most {@value #REPLACED_PAGES} times, so that a page that never settles fails.</p>
     */
    public static void untilBackAt(
            Chromium chromium, String returnUrl, String username, String password, String tenant, Duration wait) {
        WebDriver driver = chromium.driver();
        WebDriverWait waiting = new WebDriverWait(driver, wait);
        int replaced = 0;
        for (int step = 0; step < 6; ) {
            try {
                if (step(driver, waiting, returnUrl, username, password, tenant)) {
                    return;
                }
                step++;
            } catch (StaleElementReferenceException e) {
                if (++replaced > REPLACED_PAGES) {
                    throw e;
                }
            }
        }
        waiting.until(d -> d.getCurrentUrl().startsWith(returnUrl));
    }

    private static final int REPLACED_PAGES = 3;

    /** Fills in and submits the page the browser is at; true when it is back at {@code returnUrl} instead. */
    private static boolean step(
            WebDriver driver,
            WebDriverWait waiting,
            String returnUrl,
            String username,
            String password,
            String tenant) {
        // Keycloak's organization picker (organization-<alias>) or the tenancy theme's (a kc.org button)
        By picker = By.cssSelector("#organization-" + tenant + ", button[name='kc.org'][value='" + tenant + "']");
        waiting.until(d -> d.getCurrentUrl().startsWith(returnUrl)
                || !d.findElements(By.id("kc-login")).isEmpty()
                || !d.findElements(picker).isEmpty());
        if (driver.getCurrentUrl().startsWith(returnUrl)) {
            return true;
        }
        WebElement page = driver.findElement(By.tagName("html"));
        if (!driver.findElements(picker).isEmpty()) {
            driver.findElement(picker).click();
        } else {
            List<WebElement> user = driver.findElements(By.id("username"));
            if (!user.isEmpty()
                    && user.get(0).isEnabled()
                    && user.get(0).getAttribute("value").isEmpty()) {
                user.get(0).sendKeys(username);
            }
            List<WebElement> secret = driver.findElements(By.id("password"));
            if (!secret.isEmpty()) {
                secret.get(0).sendKeys(password);
            }
            driver.findElement(By.id("kc-login")).click();
        }
        waiting.until(ExpectedConditions.stalenessOf(page));
        return false;
    }
}
