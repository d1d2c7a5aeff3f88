package dev.tenancy.testsupport.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SessionNotCreatedException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.CommandPayload;
import org.openqa.selenium.remote.Response;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium, driven by Selenium through the system's chromedriver (Debian: packages
 * {@code chromium} and {@code chromium-driver}). Nothing is downloaded: without both binaries, or when they cannot
 * start a session (e.g. versions that do not match), {@link #start} SKIPS the calling test with the reason (JUnit
 * assumption), so that {@code mvn verify} needs nothing installed.
 *
 * <p>Paths: {@code -Dtenancy.chromium} / {@code TENANCY_CHROMIUM} and {@code -Dtenancy.chromedriver} /
 * {@code TENANCY_CHROMEDRIVER}, else the usual Debian/Ubuntu paths. Each instance has its own new profile folder
 * (deleted on {@link #close()}), a fixed window size (stable screenshots) and a browser language
 * ({@code Accept-Language}); {@link #startWithLogs} also keeps Chrome's performance and console logs.</p>
 */
public final class Chromium implements AutoCloseable {

    /** Generous for 2 shared cores: waits end as soon as the page is there. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** An English browser. */
    public static Chromium start() {
        return start("en-US");
    }

    /**
     * Skips the calling test when Chromium or chromedriver is not installed, or fails it under
     * {@code -Dtenancy.browser-tests=required}. A class should rather carry {@code @ExtendWith(BrowserTests.class)},
     * so that its tests are reported as skipped.
     */
    public static void assumeAvailable() {
        missing().ifPresent(missing -> {
            if (BrowserTests.required()) {
                throw new AssertionError("Browser tests required (-Dtenancy.browser-tests=required), but " + missing);
            }
            Assumptions.abort("Browser checks skipped: " + missing);
        });
    }

    /** What is missing to start a browser, with how to get it; empty when both binaries are there. */
    static Optional<String> missing() {
        Optional<Path> chromium = chromium();
        Optional<Path> chromedriver = chromedriver();
        if (chromium.isPresent() && chromedriver.isPresent()) {
            return Optional.empty();
        }
        return Optional.of((chromium.isEmpty()
                        ? "no Chromium (looked at -Dtenancy.chromium, TENANCY_CHROMIUM, "
                                + String.join(", ", CHROMIUM_PATHS) + ")"
                        : "")
                + (chromium.isEmpty() && chromedriver.isEmpty() ? " and " : "")
                + (chromedriver.isEmpty()
                        ? "no chromedriver (looked at -Dtenancy.chromedriver, TENANCY_CHROMEDRIVER, "
                                + String.join(", ", CHROMEDRIVER_PATHS) + ")"
                        : "")
                + ". On Debian/Ubuntu: apt-get install -y chromium chromium-driver");
    }

    private static final String[] CHROMIUM_PATHS = {
        "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"
    };
    private static final String[] CHROMEDRIVER_PATHS = {"/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"};

    private static Optional<Path> chromium() {
        return find("tenancy.chromium", "TENANCY_CHROMIUM", CHROMIUM_PATHS);
    }

    private static Optional<Path> chromedriver() {
        return find("tenancy.chromedriver", "TENANCY_CHROMEDRIVER", CHROMEDRIVER_PATHS);
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

    /** A browser whose {@code Accept-Language} is {@code language} (e.g. {@code de-DE}). Skips when unavailable. */
    public static Chromium start(String language) {
        return start(language, "--window-size=1100,1000", false);
    }

    /**
     * An English browser with Chrome's performance log (the network events: which cookies a request carried) and
     * console log on, read through {@code driver().manage().logs()}. Skips when unavailable.
     */
    public static Chromium startWithLogs() {
        return start("en-US", "--window-size=1200,1000", true);
    }

    private static Chromium start(String language, String windowSize, boolean logs) {
        assumeAvailable();
        Path chromium = chromium().orElseThrow();
        Path chromedriver = chromedriver().orElseThrow();
        Path profile;
        try {
            profile = Files.createTempDirectory("tenancy-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                windowSize,
                "--lang=" + language,
                "--user-data-dir=" + profile.toAbsolutePath());
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        if (logs) {
            LoggingPreferences preferences = new LoggingPreferences();
            preferences.enable(LogType.PERFORMANCE, Level.ALL);
            preferences.enable(LogType.BROWSER, Level.ALL);
            options.setCapability(ChromeOptions.LOGGING_PREFS, preferences);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new StaleWhenReplaced(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            return new Chromium(driver, profile);
        } catch (SessionNotCreatedException e) {
            deleteQuietly(profile);
            if (BrowserTests.required()) {
                throw new AssertionError(
                        "Browser tests required, but " + chromium + " with " + chromedriver
                                + " cannot start a session: " + firstLine(e.getMessage()),
                        e);
            }
            Assumptions.abort("Browser checks skipped: " + chromium + " with " + chromedriver
                    + " cannot start a session: " + firstLine(e.getMessage()));
            throw e; // not reached
        }
    }

    /** Chrome's own driver: DevTools commands, virtual authenticators, logs. */
    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    /** Waits until the element is present, then returns it. */
    public WebElement waitFor(By by) {
        return until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /**
     * Waits until {@code condition} returns neither null nor false. An element the page replaced meanwhile (a list
     * re-rendered after a write, a page that reloaded) is a reason to ask again, not a failure.
     */
    public <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT)
                .ignoring(StaleElementReferenceException.class)
                .until(condition::apply);
    }

    /**
     * Whether {@code e} says that an element is no longer in the page, because the page replaced it or loaded a new
     * document. Selenium names this {@link StaleElementReferenceException}; chromedriver 156 reports a document that
     * was replaced between a find and the next command as an "unknown error" of the inspector instead, a known race
     * of Chrome since 134 after redirects (teamcapybara/capybara#2800) that Keycloak's own browser tests treat as a
     * stale element too (keycloak/keycloak#52847). This class's driver turns the latter into the former.
     */
    static boolean isReplacedElement(WebDriverException e) {
        if (e instanceof StaleElementReferenceException) {
            return true;
        }
        String message = e.getMessage();
        return message != null && message.contains("does not belong to the document");
    }

    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    public boolean has(By by) {
        return !driver.findElements(by).isEmpty();
    }

    /** The element that has the keyboard focus. */
    public WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** A PNG of the window, written to {@code file} (folders created). */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    /**
     * Chrome's driver, reporting an element whose document was replaced as Selenium's
     * {@link StaleElementReferenceException} whichever way chromedriver words it ({@link #isReplacedElement}): so that
     * waits that ignore stale elements, and {@code ExpectedConditions.stalenessOf}, work as documented.
     */
    private static final class StaleWhenReplaced extends ChromeDriver {

        StaleWhenReplaced(ChromeDriverService service, ChromeOptions options) {
            super(service, options);
        }

        @Override
        protected Response execute(CommandPayload payload) {
            try {
                return super.execute(payload);
            } catch (StaleElementReferenceException e) {
                throw e;
            } catch (WebDriverException e) {
                if (isReplacedElement(e)) {
                    throw new StaleElementReferenceException(e.getMessage(), e);
                }
                throw e;
            }
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            // a temp folder: the OS cleans up
        }
    }
}
