package dev.tenancy.policy.sms;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

/**
 * The HTTP part the two shipped gateways share: one POST with a HARD time limit (connecting, sending and the answer
 * together: the call is abandoned when {@link SmsConfig#timeoutMillis()} has passed, so a hanging gateway cannot hold
 * the login page), success on 2xx, and secrets resolved through Keycloak's vault ({@code ${vault.key}}; a plain value
 * is used as it is).
 */
abstract class HttpSmsGateway implements SmsGatewayProvider {

    private final KeycloakSession session;
    private final HttpClient http;

    HttpSmsGateway(KeycloakSession session, HttpClient http) {
        this.session = session;
        this.http = http;
    }

    /**
     * The secret a config value names: the vault's entry for {@code ${vault.key}} (Keycloak's transcriber), else the
     * value itself. A vault reference the vault cannot resolve fails the send rather than sending the reference.
     */
    String secret(String configured) throws SmsGatewayException {
        if (configured == null) {
            return null;
        }
        try (VaultStringSecret secret = session.vault().getStringSecret(configured)) {
            return secret.get().orElseThrow(() -> new SmsGatewayException("a configured vault secret was not found"));
        }
    }

    void post(SmsConfig config, HttpRequest.Builder request) throws SmsGatewayException {
        HttpRequest built =
                request.timeout(Duration.ofMillis(config.timeoutMillis())).build();
        CompletableFuture<HttpResponse<Void>> call = http.sendAsync(built, HttpResponse.BodyHandlers.discarding());
        try {
            int status = call.get(config.timeoutMillis(), TimeUnit.MILLISECONDS).statusCode();
            if (status / 100 != 2) {
                throw new SmsGatewayException("gateway answered HTTP " + status);
            }
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new SmsGatewayException("gateway did not answer within " + config.timeoutMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new SmsGatewayException(
                    "gateway unreachable: " + cause.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmsGatewayException("interrupted");
        }
    }

    static URI uri(String url) throws SmsGatewayException {
        try {
            URI uri = URI.create(url);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new SmsGatewayException("gateway URL must be http(s)");
            }
            return uri;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SmsGatewayException("no valid gateway URL configured");
        }
    }

    /** A client per factory (a connection pool, no state of the login), closed with the factory. */
    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    static void close(HttpClient http) {
        if (http instanceof AutoCloseable closeable) { // JDK 21+
            try {
                closeable.close();
            } catch (Exception e) {
                // shutting down anyway
            }
        }
    }
}
