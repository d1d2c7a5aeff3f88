package dev.tenancy.testsupport;

import java.io.IOException;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The authorization-code flow with PKCE over plain HTTP, with a cookie jar that plays the browser: it keeps the SSO
 * cookies between logins, so a second {@link #authorize} in the same instance is an SSO re-entry (a second tab). It
 * follows redirects wherever they lead (other realms of the server, e.g. identity providers), fills every form on the
 * way from the values it is given (Keycloak's login pages, the organization picker, first-broker-login pages, SAML
 * POST-binding pages) and stops at the redirect to the client. For page rendering and JavaScript, the browser tests
 * use Chromium; this is for protocol-level tests.
 */
public final class BrowserlessLogin {

    /** Redirects and form posts of one authorization request; a first login through an identity provider takes 10. */
    private static final int MAX_STEPS = 40;

    private static final String ORGANIZATION_PICKER_FIELD = "kc.org";

    private final String realmUrl;
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
        this(realm.url(), clientId, redirectUri);
    }

    /** For a realm that is not a {@link TestRealm} (e.g. the imported demo realm): its URL, as the token issuer. */
    public BrowserlessLogin(String realmUrl, String clientId, String redirectUri) {
        this(
                realmUrl,
                clientId,
                redirectUri,
                HttpClient.newBuilder()
                        .cookieHandler(new PathScopedCookieJar())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build());
    }

    private BrowserlessLogin(String realmUrl, String clientId, String redirectUri, HttpClient http) {
        this.realmUrl = realmUrl;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        this.http = http;
    }

    /** The same browser (cookie jar) logging in to another client: its logins are SSO re-entries of this session. */
    public BrowserlessLogin withClient(String otherClientId, String otherRedirectUri) {
        return new BrowserlessLogin(realmUrl, otherClientId, otherRedirectUri, http);
    }

    /**
     * Runs one authorization request as {@code username} with {@link TestRealm#PASSWORD}. {@code pickTenant} answers
     * Keycloak's organization picker when it appears (null stops the flow there with error {@code tenant_picker}).
     * {@code extraParams} are added to the authorization request (e.g. prompt, login_hint).
     */
    public Result authorize(String scope, String username, String pickTenant, String... extraParams) {
        return authorize(
                scope,
                Http.fields(
                        "username", username, "password", TestRealm.PASSWORD, ORGANIZATION_PICKER_FIELD, pickTenant),
                extraParams);
    }

    /**
     * Runs one authorization request, submitting each page's first form as a user would who types
     * {@code fieldValues} (by input name) wherever the page has such inputs: hidden inputs go back as the page holds
     * them, other inputs keep what the page pre-filled, and a choice between buttons of one name (the organization
     * picker, {@code kc.org}) is made by {@code fieldValues} or stops the flow with error {@code tenant_picker}
     * (for {@code kc.org}) or {@code choice_required}. {@code extraParams} are added to the authorization request.
     */
    public Result authorize(String scope, Map<String, String> fieldValues, String... extraParams) {
        return authorize(scope, page -> fieldValues, extraParams);
    }

    /**
     * What a user types on a page, decided when the page is shown (a one-time code from an app, a secret it shows).
     * The values fill the page's first form; two keys that are not fields choose another one, as a click would: the
     * form whose id is the value of {@link #FORM_ID} (Keycloak's "Try another way" form,
     * {@code kc-select-try-another-way-form}), the form holding the control {@link #FORM_HOLDING}, given as
     * {@code name=value} (a choice of Keycloak's "select authenticator" page, {@code authenticationExecution=<id>}).
     */
    @FunctionalInterface
    public interface FieldSource {
        /** Not a field: the id of the form to submit. */
        String FORM_ID = "\u0000form-id";
        /** Not a field: {@code name=value} of a control the form to submit holds. */
        String FORM_HOLDING = "\u0000form-holding";

        Map<String, String> valuesFor(String page);
    }

    /**
     * As {@link #authorize(String, Map, String...)}, with the values chosen per page: {@code fields} sees each page
     * before its form is submitted (e.g. to read the TOTP secret of the authenticator setup page, see {@link Totp}).
     */
    public Result authorize(String scope, FieldSource fields, String... extraParams) {
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
        URI current = URI.create(realmUrl + "/protocol/openid-connect/auth?" + encode(query));
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(current).GET().build());
        for (int step = 0; step < MAX_STEPS; step++) {
            if (response.statusCode() / 100 == 3) {
                URI location = current.resolve(
                        response.headers().firstValue("Location").orElseThrow());
                if (location.toString().startsWith(redirectUri)) {
                    return resultFrom(location, verifier, null);
                }
                current = location;
                response = send(HttpRequest.newBuilder(current).GET().build());
                continue;
            }
            String page = response.body();
            Map<String, String> fieldValues = new LinkedHashMap<>(fields.valuesFor(page));
            Optional<HtmlForm> form = HtmlForm.find(
                    page, fieldValues.remove(FieldSource.FORM_ID), fieldValues.remove(FieldSource.FORM_HOLDING));
            if (response.statusCode() != 200 || form.isEmpty()) {
                return new Result(null, "no_form", "HTTP " + response.statusCode() + " at " + current, verifier, page);
            }
            Optional<String> choice = form.get().unansweredChoice(fieldValues);
            if (choice.isPresent()) {
                return ORGANIZATION_PICKER_FIELD.equals(choice.get())
                        ? new Result(null, "tenant_picker", "the organization picker was shown", verifier, page)
                        : new Result(
                                null,
                                "choice_required",
                                "a choice of '" + choice.get() + "' at " + current,
                                verifier,
                                page);
            }
            Map<String, String> submitted = form.get().fields(fieldValues);
            if (submitted.isEmpty()) {
                return new Result(null, "unknown_form", "a form without fields at " + current, verifier, page);
            }
            current = current.resolve(form.get().action());
            response = send(HttpRequest.newBuilder(current)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(encode(submitted)))
                    .build());
        }
        return new Result(null, "too_many_steps", "still at " + current, verifier, response.body());
    }

    /** Exchanges the code at the token endpoint (public client, PKCE). */
    public Http.Response exchange(Result result) {
        return Http.form(
                realmUrl + "/protocol/openid-connect/token",
                Http.fields(
                        "grant_type",
                        "authorization_code",
                        "client_id",
                        clientId,
                        "code",
                        result.code(),
                        "redirect_uri",
                        redirectUri,
                        "code_verifier",
                        result.codeVerifier()));
    }

    private Result resultFrom(URI location, String verifier, String page) {
        String raw = location.getRawQuery() != null ? location.getRawQuery() : location.getRawFragment();
        Map<String, String> params = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(
                            pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
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
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
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
