package dev.tenancy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.TestRealm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plays an SPA in cookie mode over plain HTTP: it calls {@code /realms/{realm}/tenancy-session/{client}/...} with the
 * SPA's Origin and the CSRF header, and keeps the refresh cookie as a browser would (one cookie, replaced by every
 * Set-Cookie, removed by an expired one). Browsers send Secure cookies to http://localhost; java.net's cookie
 * handling does not, hence this small jar of one.
 */
public final class CookieSessionClient {

    public static final String CSRF_HEADER = "X-Tenancy-CSRF";
    public static final String COOKIE_NAME = "tenancy_rt";

    private static final HttpClient RAW = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    final String realmUrl;
    final String realmName;
    final String clientId;
    final String origin;
    public final String redirectUri;
    private String password = TestRealm.PASSWORD;
    private String cookie;

    public CookieSessionClient(TestRealm realm, String clientId, String origin) {
        this(realm.url(), realm.name(), clientId, origin);
    }

    /** For a realm that is not a {@link TestRealm} (the imported demo realm). */
    public CookieSessionClient(String realmUrl, String realmName, String clientId, String origin) {
        this.realmUrl = realmUrl;
        this.realmName = realmName;
        this.clientId = clientId;
        this.origin = origin;
        this.redirectUri = origin + "/app/";
    }

    /** Users' password for {@link #authorize} (default: TestRealm's). */
    public CookieSessionClient password(String value) {
        password = value;
        return this;
    }

    public String endpoint(String operation) {
        return realmUrl + "/tenancy-session/" + clientId + "/" + operation;
    }

    public String cookiePath() {
        return "/realms/" + realmName + "/tenancy-session/" + clientId + "/";
    }

    public String cookie() {
        return cookie;
    }

    public void cookie(String value) {
        cookie = value;
    }

    // ---- as the SPA does it ----

    /** Logs in with the browser flow (code + PKCE) and returns the code, not yet exchanged. */
    public BrowserlessLogin.Result authorize(String username, String scope) {
        BrowserlessLogin.Result result = new BrowserlessLogin(realmUrl, clientId, redirectUri)
                .authorize(scope, Http.fields("username", username, "password", password));
        assertThat(result.ok())
                .as("%s: %s", result.error(), result.errorDescription())
                .isTrue();
        return result;
    }

    /** Login and code exchange at {@code token}; asserts 200 and keeps the cookie. */
    public Http.Response signIn(String username, String scope) {
        BrowserlessLogin.Result code = authorize(username, scope);
        Http.Response tokens = exchange(code.code(), code.codeVerifier());
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(cookie).as("cookie after sign-in").isNotNull();
        return tokens;
    }

    public Http.Response exchange(String code, String verifier) {
        return call("token", "code", code, "code_verifier", verifier, "redirect_uri", redirectUri);
    }

    /** A POST as the SPA sends it (its Origin, the CSRF header, the cookie), form fields as name/value pairs. */
    public Http.Response call(String operation, String... fields) {
        return post(operation, Http.fields(fields), spaHeaders());
    }

    public Map<String, String> spaHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Origin", origin);
        headers.put(CSRF_HEADER, "1");
        return headers;
    }

    /** A POST with exactly these headers plus the cookie (if any); Set-Cookie answers update the cookie. */
    public Http.Response post(String operation, Map<String, String> fields, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (cookie != null) {
            all.put("Cookie", COOKIE_NAME + "=" + cookie);
        }
        Http.Response response = Http.form(endpoint(operation), fields, all);
        absorb(response);
        return response;
    }

    /** Any method, raw body, exactly these headers (no cookie): for preflights and odd bodies. */
    public static Http.Response raw(
            String method, String url, String body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = RAW.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Response(
                    response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void absorb(Http.Response response) {
        for (String header : setCookies(response)) {
            Map<String, String> attributes = attributes(header);
            String name = header.substring(0, header.indexOf('='));
            if (!COOKIE_NAME.equals(name)) {
                continue;
            }
            if ("0".equals(attributes.get("max-age"))) {
                cookie = null;
            } else {
                cookie = header.substring(
                        header.indexOf('=') + 1, header.contains(";") ? header.indexOf(';') : header.length());
            }
        }
    }

    // ---- reading responses ----

    public static List<String> setCookies(Http.Response response) {
        return response.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                .flatMap(e -> e.getValue().stream())
                .toList();
    }

    /** Attributes of one Set-Cookie value, lower-case names; flags map to "". Includes "name" and "value". */
    public static Map<String, String> attributes(String setCookie) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        attributes.put("name", parts[0].substring(0, eq).trim());
        attributes.put("value", parts[0].substring(eq + 1).trim());
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            int at = part.indexOf('=');
            attributes.put(
                    (at < 0 ? part : part.substring(0, at)).toLowerCase(Locale.ROOT),
                    at < 0 ? "" : part.substring(at + 1));
        }
        return attributes;
    }
}
