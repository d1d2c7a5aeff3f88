package dev.tenancy.policy.sms;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.keycloak.models.KeycloakSession;

/**
 * Gateway {@code twilio}: Twilio's Messages API and the APIs that copy it: {@code POST
 * {base}/2010-04-01/Accounts/{account}/Messages.json}, HTTP Basic with account and token, form fields {@code To},
 * {@code From}, {@code Body}. The base is {@link SmsConfig#url()}, default {@value #DEFAULT_BASE}.
 */
class TwilioSmsGateway extends HttpSmsGateway {

    static final String DEFAULT_BASE = "https://api.twilio.com";

    TwilioSmsGateway(KeycloakSession session, HttpClient http) {
        super(session, http);
    }

    @Override
    public void send(SmsConfig config, String to, String text) throws SmsGatewayException {
        if (config.twilioAccount() == null || config.twilioToken() == null) {
            throw new SmsGatewayException("Twilio account and token are not configured");
        }
        String base = config.url() == null ? DEFAULT_BASE : config.url().replaceAll("/+$", "");
        String account = URLEncoder.encode(config.twilioAccount(), StandardCharsets.UTF_8);
        String credentials = config.twilioAccount() + ":" + secret(config.twilioToken());
        String form = "To=" + URLEncoder.encode(to, StandardCharsets.UTF_8)
                + "&From=" + URLEncoder.encode(config.sender(), StandardCharsets.UTF_8)
                + "&Body=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
        post(
                config,
                HttpRequest.newBuilder(uri(base + "/2010-04-01/Accounts/" + account + "/Messages.json"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)));
    }
}
