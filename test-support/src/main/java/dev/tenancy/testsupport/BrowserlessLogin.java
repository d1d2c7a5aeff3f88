package dev.tenancy.testsupport;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The authorization-code flow with PKCE over plain HTTP, with a cookie jar that plays the browser: it keeps the SSO
 * cookie between logins, so a second {@link #authorize} in the same instance is an SSO re-entry (a second tab). It
 * fills Keycloak's login pages (username, password, organization picker) and stops at the redirect to the client.
 * For page rendering and JavaScript, the browser tests use Chromium; this is for protocol-level tests.
 */
public final class BrowserlessLogin {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern INPUT_NAME = Pattern.compile("<input[^>]*name=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

    private final TestRealm realm;
    private final String clientId;
    private final String redirectUri;
    private final HttpClient http;

    /** The outcome of one authorization request: the code (or the OAuth error) from the redirect. */
    public record Result(String code, String error, String errorDescription, String codeVerifier, String lastPage) {
        public boolean ok() {
            return code != null;
        }
    }

    public BrowserlessLogin(TestRealm realm, String clientId, String redirectUri) {
        this.realm = realm;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        this.http = HttpClient.newBuilder().cookieHandler(new LocalhostCookieJar())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Runs one authorization request. {@code pickTenant} answers Keycloak's organization picker when it appears (null
     * fails the flow there). {@code extraParams} are added to the authorization request (e.g. prompt, login_hint).
     */
    public Result authorize(String scope, String username, String pickTenant, String... extraParams) {
        String verifier = randomUrlSafe(48);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("response_type", "code");
        query.put("scope", scope);
        query.put("state", randomUrlSafe(12));
        query.put("nonce", randomUrlSafe(12));
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        for (int i = 0; i + 1 < extraParams.length; i += 2) {
            query.put(extraParams[i], extraParams[i + 1]);
        }
        URI current = URI.create(realm.url() + "/protocol/openid-connect/auth?" + encode(query));
        HttpResponse<String> response = send(HttpRequest.newBuilder(current).GET().build());
        for (int step = 0; step < 20; step++) {
            if (response.statusCode() / 100 == 3) {
                URI location = current.resolve(response.headers().firstValue("Location").orElseThrow());
                if (location.toString().startsWith(redirectUri)) {
                    return resultFrom(location, verifier, null);
                }
                current = location;
                response = send(HttpRequest.newBuilder(current).GET().build());
                continue;
            }
            String page = response.body();
            Matcher action = FORM_ACTION.matcher(page);
            if (response.statusCode() != 200 || !action.find()) {
                return new Result(null, "no_form", "HTTP " + response.statusCode(), verifier, page);
            }
            Map<String, String> form = new LinkedHashMap<>();
            Matcher inputs = INPUT_NAME.matcher(page);
            while (inputs.find()) {
                switch (inputs.group(1)) {
                    case "username" -> form.put("username", username);
                    case "password" -> form.put("password", TestRealm.PASSWORD);
                    case "kc.org" -> {
                        if (pickTenant == null) {
                            return new Result(null, "tenant_picker", "the organization picker was shown", verifier, page);
                        }
                        form.put("kc.org", pickTenant);
                    }
                    default -> {
                        // other inputs (e.g. rememberMe) are left out, as an untouched checkbox would be
                    }
                }
            }
            if (form.isEmpty()) {
                return new Result(null, "unknown_form", "a page with a form this helper cannot fill", verifier, page);
            }
            current = current.resolve(action.group(1).replace("&amp;", "&"));
            response = send(HttpRequest.newBuilder(current).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build());
        }
        return new Result(null, "too_many_steps", null, verifier, response.body());
    }

    /** Exchanges the code at the token endpoint (public client, PKCE). */
    public Http.Response exchange(Result result) {
        return Http.form(realm.tokenEndpoint(), Http.fields("grant_type", "authorization_code", "client_id", clientId,
                "code", result.code(), "redirect_uri", redirectUri, "code_verifier", result.codeVerifier()));
    }

    private Result resultFrom(URI location, String verifier, String page) {
        String raw = location.getRawQuery() != null ? location.getRawQuery() : location.getRawFragment();
        Map<String, String> params = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return new Result(params.get("code"), params.get("error"), params.get("error_description"), verifier, page);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /**
     * One host's cookies, sent back whatever their {@code Secure} flag: Keycloak marks its cookies Secure in
     * production mode, and Chrome (like this jar) treats http://localhost as a secure context, java.net's
     * CookieManager does not.
     */
    private static final class LocalhostCookieJar extends CookieHandler {
        private final Map<String, String> cookies = new LinkedHashMap<>();

        @Override
        public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            if (cookies.isEmpty()) {
                return Map.of();
            }
            return Map.of("Cookie", List.of(cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; "))));
        }

        @Override
        public synchronized void put(URI uri, Map<String, List<String>> responseHeaders) {
            responseHeaders.forEach((name, values) -> {
                if ("Set-Cookie".equalsIgnoreCase(name)) {
                    for (String header : values) {
                        for (HttpCookie cookie : HttpCookie.parse(header)) {
                            if (cookie.getMaxAge() == 0) {
                                cookies.remove(cookie.getName());
                            } else {
                                cookies.put(cookie.getName(), cookie.getValue());
                            }
                        }
                    }
                }
            });
        }
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
