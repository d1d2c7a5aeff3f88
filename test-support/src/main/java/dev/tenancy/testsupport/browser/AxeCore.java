package dev.tenancy.testsupport.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Runs axe-core (Deque's accessibility engine, MPL-2.0; the npm package as the WebJar {@code org.webjars.npm:axe-core},
 * pinned in the root pom) on the page a {@link Chromium} shows, with the WCAG 2.0 and 2.1 A and AA rules
 * ({@link #TAGS}). {@link #assertAccessible} fails with a readable list when a violation of impact serious or
 * critical is found; minor and moderate ones are returned by {@link #violations} but do not fail.
 *
 * <p>axe checks what the browser renders, so run it when the page is complete (after its scripts ran). It needs no
 * network: the script is read from the test classpath and injected into the page.</p>
 */
public final class AxeCore {

    /** The rule sets: WCAG 2.0 and 2.1, levels A and AA. */
    public static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");
    /** The impacts that fail a test. */
    public static final Set<String> FAILING = Set.of("serious", "critical");

    private static final String WEBJAR = "org.webjars.npm/axe-core";

    /** One rule that failed, with the elements it failed on. */
    public record Violation(String rule, String impact, String help, String helpUrl, List<Node> nodes) {

        public boolean failing() {
            return FAILING.contains(impact);
        }

        @Override
        public String toString() {
            return "[" + impact + "] " + rule + ": " + help + " (" + helpUrl + ")\n"
                    + nodes.stream()
                            .map(n -> "    " + n.target() + "  " + n.html() + "\n      "
                                    + n.summary().replace("\n", "\n      "))
                            .collect(Collectors.joining("\n"));
        }
    }

    /** An element a rule failed on: its CSS selector, its markup (shortened by axe), and why. */
    public record Node(String target, String html, String summary) {}

    private AxeCore() {}

    /** The axe-core version on the classpath (the WebJar's). */
    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = resource("META-INF/maven/" + WEBJAR + "/pom.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    /** Every violation of {@link #TAGS} on the current page, whatever its impact. */
    @SuppressWarnings("unchecked")
    public static List<Violation> violations(Chromium chromium) {
        WebDriver driver = chromium.driver();
        JavascriptExecutor js = (JavascriptExecutor) driver;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object'"))) {
            js.executeScript(script());
        }
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        Object result = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
                    .then(r => done(r.violations.map(v => ({rule: v.id, impact: v.impact || 'unknown', help: v.help,
                        helpUrl: v.helpUrl, nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html,
                        summary: n.failureSummary || ''}))}))))
                    .catch(e => done('axe failed: ' + e));
                """, TAGS);
        if (!(result instanceof List<?> list)) {
            throw new AssertionError(String.valueOf(result));
        }
        return list.stream()
                .map(item -> (Map<String, Object>) item)
                .map(v -> new Violation(
                        (String) v.get("rule"),
                        (String) v.get("impact"),
                        (String) v.get("help"),
                        (String) v.get("helpUrl"),
                        ((List<Map<String, Object>>) v.get("nodes"))
                                .stream()
                                        .map(n -> new Node((String) n.get("target"), (String) n.get("html"), (String)
                                                n.get("summary")))
                                        .toList()))
                .toList();
    }

    /**
     * Fails when axe finds a serious or critical violation on the current page, listing each with its elements;
     * returns the violations of lower impact (for a report).
     */
    public static List<Violation> assertAccessible(Chromium chromium, String page) {
        List<Violation> all = violations(chromium);
        List<Violation> failing = all.stream().filter(Violation::failing).toList();
        if (!failing.isEmpty()) {
            throw new AssertionError("axe-core " + version() + " " + TAGS + " on " + page + " (" + chromium.url()
                    + "): " + failing.size() + " serious or critical violation(s)\n"
                    + failing.stream().map(Violation::toString).collect(Collectors.joining("\n")));
        }
        return all.stream().filter(v -> !v.failing()).toList();
    }

    private static String script() {
        try (InputStream in = resource("META-INF/resources/webjars/axe-core/" + version() + "/axe.min.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = AxeCore.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException(path + " is not on the classpath (dependency org.webjars.npm:axe-core)");
        }
        return in;
    }
}
