package dev.tenancy.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium for the browser tests, driven through chromedriver with Selenium. Both come from the system
 * (Debian: {@code apt-get install -y chromium chromium-driver}); nothing is downloaded. Without them, a class
 * extended with this condition is SKIPPED with a message saying what is missing, so a newcomer's {@code mvn verify}
 * needs nothing installed.
 *
 * <p>Where: {@code -Dtenancy.chromium} / {@code TENANCY_CHROMIUM} and {@code -Dtenancy.chromedriver} /
 * {@code TENANCY_CHROMEDRIVER}, else the usual Debian/Ubuntu paths. {@code -Dtenancy.browser-tests=false} skips the
 * browser tests even where Chromium is installed; {@code -Dtenancy.browser-tests=required} (CI) makes a missing
 * browser a failure instead of a skip.</p>
 */
public final class Chromium implements ExecutionCondition {

    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1200,1000", "--lang=en-US");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if ("false".equals(System.getProperty("tenancy.browser-tests"))) {
            return ConditionEvaluationResult.disabled("Browser tests switched off (-Dtenancy.browser-tests=false)");
        }
        Optional<Path> browser = browser();
        Optional<Path> driver = driver();
        if (browser.isPresent() && driver.isPresent()) {
            return ConditionEvaluationResult.enabled("Chromium " + browser.get() + ", chromedriver " + driver.get());
        }
        if ("required".equals(System.getProperty("tenancy.browser-tests"))) {
            return ConditionEvaluationResult.enabled("Browser tests required: they fail without Chromium");
        }
        String reason = "Browser tests SKIPPED: " + (browser.isEmpty() ? "no Chromium (looked at -Dtenancy.chromium, "
                + "TENANCY_CHROMIUM, /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome)" : "")
                + (browser.isEmpty() && driver.isEmpty() ? " and " : "")
                + (driver.isEmpty() ? "no chromedriver (looked at -Dtenancy.chromedriver, TENANCY_CHROMEDRIVER, "
                + "/usr/bin/chromedriver, /usr/lib/chromium/chromedriver)" : "")
                + ". On Debian/Ubuntu: apt-get install -y chromium chromium-driver";
        System.out.println("[tenancy] " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    static Optional<Path> browser() {
        return find("tenancy.chromium", "TENANCY_CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser",
                "/usr/bin/google-chrome");
    }

    static Optional<Path> driver() {
        return find("tenancy.chromedriver", "TENANCY_CHROMEDRIVER", "/usr/bin/chromedriver",
                "/usr/lib/chromium/chromedriver");
    }

    /**
     * A new headless Chromium with its own fresh profile in {@code userDataDir}, Chrome's performance log on (the
     * network events, to see which cookies a request carried) and its console log (for failure reports).
     */
    static ChromeDriver start(Path userDataDir) {
        Path browser = browser().orElseThrow(() -> new IllegalStateException("Chromium not found (-Dtenancy.chromium; "
                + "Debian: apt-get install -y chromium)"));
        Path driver = driver().orElseThrow(() -> new IllegalStateException("chromedriver not found "
                + "(-Dtenancy.chromedriver; Debian: apt-get install -y chromium-driver)"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(browser.toFile());
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + userDataDir.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        return new ChromeDriver(service, options);
    }

    private static Optional<Path> find(String property, String environment, String... candidates) {
        String configured = System.getProperty(property, System.getenv(environment));
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        for (String candidate : candidates) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }
}
