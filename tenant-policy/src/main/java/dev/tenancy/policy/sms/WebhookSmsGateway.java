package dev.tenancy.policy.sms;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.keycloak.models.KeycloakSession;

/**
 * Gateway {@code webhook}: POSTs the body template ({@link SmsConfig#bodyTemplate()}, JSON) to
 * {@link SmsConfig#url()} with the configured Authorization header; {@code {to}}, {@code {text}} and {@code {sender}}
 * are replaced by JSON-escaped values. Any 2xx is success.
 */
class WebhookSmsGateway extends HttpSmsGateway {

    WebhookSmsGateway(KeycloakSession session, HttpClient http) {
        super(session, http);
    }

    @Override
    public void send(SmsConfig config, String to, String text) throws SmsGatewayException {
        String body = config.bodyTemplate()
                .replace("{to}", json(to))
                .replace("{text}", json(text))
                .replace("{sender}", json(config.sender()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(config.url()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        String authorization = secret(config.authHeader());
        if (authorization != null && !authorization.isBlank()) {
            request.header("Authorization", authorization);
        }
        post(config, request);
    }

    /** The value escaped for use inside a JSON string literal (the template holds the quotes). */
    static String json(String value) {
        StringBuilder escaped = new StringBuilder();
        for (char c : (value == null ? "" : value).toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
