package dev.tenancy.it;

import dev.tenancy.testsupport.PathScopedCookieJar;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Page by page over plain HTTP, without JavaScript, for tests that look at the pages themselves (the invitation link,
 * the login pages' text): a cookie jar (Keycloak's cookies are Secure; like Chrome it sends them to
 * http://localhost), redirects followed by hand, and Keycloak forms filled from a map of field values. Not a login
 * helper: a complete code-flow login is test-support's {@code BrowserlessLogin}, a real browser its
 * {@code browser.Chromium}.
 */
public final class HttpFormNavigator {

    private static final Pattern FORM = Pattern.compile(
            "<form[^>]*action=\"([^\"]+)\"[^>]*>(.*?)</form>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern INPUT = Pattern.compile("<input([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]+)\"");
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new PathScopedCookieJar())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Map<String, String> headers;

    public HttpFormNavigator() {
        this(Map.of());
    }

    /** A browser that sends {@code headers} with every request (e.g. {@code Accept-Language}). */
    public HttpFormNavigator(Map<String, String> headers) {
        this.headers = Map.copyOf(headers);
    }

    /** Where a navigation ended: the last URL, its status and body, and the pages passed on the way. */
    public record Page(URI uri, int status, String body, List<URI> visited) {
        public String location() {
            return uri.toString();
        }
    }

    /** GETs {@code url} and follows redirects (at most 10), stopping at the first non-redirect or at {@code stopAt}. */
    public Page open(String url, String stopAt) {
        return follow(
                URI.create(url),
                send(HttpRequest.newBuilder(URI.create(url)).GET().build()),
                stopAt,
                new java.util.ArrayList<>());
    }

    /** Fills the page's form (the first one, or the one whose action contains {@code actionContains}) and submits it. */
    public Page submit(Page page, Map<String, String> values, String stopAt) {
        Matcher form = FORM.matcher(page.body());
        if (!form.find()) {
            throw new AssertionError("No form on " + page.uri() + " (HTTP " + page.status() + "):\n" + page.body());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher input = INPUT.matcher(form.group(2));
        while (input.find()) {
            Matcher name = NAME.matcher(input.group(1));
            if (!name.find()) {
                continue;
            }
            String attributes = input.group(1);
            if (attributes.contains("type=\"checkbox\"") || attributes.contains("type=\"submit\"")) {
                continue;
            }
            Matcher value = VALUE.matcher(attributes);
            fields.put(name.group(1), value.find() ? value.group(1).replace("&amp;", "&") : "");
        }
        fields.putAll(values);
        URI action = page.uri().resolve(form.group(1).replace("&amp;", "&"));
        String encoded = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded))
                .build());
        return follow(action, response, stopAt, new java.util.ArrayList<>());
    }

    /** The names of the inputs of the page's first form. */
    public static List<String> inputNames(Page page) {
        Matcher form = FORM.matcher(page.body());
        if (!form.find()) {
            return List.of();
        }
        List<String> names = new java.util.ArrayList<>();
        Matcher input = INPUT.matcher(form.group(2));
        while (input.find()) {
            Matcher name = NAME.matcher(input.group(1));
            if (name.find()) {
                names.add(name.group(1));
            }
        }
        return names;
    }

    public static String inputValue(Page page, String inputName) {
        Matcher input = INPUT.matcher(page.body());
        while (input.find()) {
            if (input.group(1).contains("name=\"" + inputName + "\"")) {
                Matcher value = VALUE.matcher(input.group(1));
                return value.find() ? value.group(1) : "";
            }
        }
        return null;
    }

    private Page follow(URI current, HttpResponse<String> response, String stopAt, List<URI> visited) {
        for (int i = 0; i < 10; i++) {
            visited.add(current);
            if (response.statusCode() / 100 != 3) {
                return new Page(current, response.statusCode(), response.body(), visited);
            }
            URI next = current.resolve(response.headers().firstValue("Location").orElseThrow());
            if (stopAt != null && next.toString().startsWith(stopAt)) {
                return new Page(next, response.statusCode(), response.body(), visited);
            }
            current = next;
            response = send(HttpRequest.newBuilder(current).GET().build());
        }
        throw new AssertionError("Too many redirects: " + visited);
    }

    private HttpResponse<String> send(HttpRequest request) {
        if (!headers.isEmpty()) {
            HttpRequest.Builder copy = HttpRequest.newBuilder(request.uri())
                    .method(request.method(), request.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()));
            request.headers().map().forEach((name, values) -> values.forEach(v -> copy.header(name, v)));
            headers.forEach(copy::header);
            request = copy.build();
        }
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
