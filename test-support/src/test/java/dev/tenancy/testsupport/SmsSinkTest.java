package dev.tenancy.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmsSinkTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static int post(String url, String type, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void recordsWebhookAndTwilioStyleMessagesAndCountsCalls() throws Exception {
        try (SmsSink sink = SmsSink.start()) {
            assertThat(post(
                            sink.webhookUrl(),
                            "application/json",
                            "{\"to\":\"+4915100000001\",\"text\":\"123456 is your code\",\"from\":\"Acme\"}",
                            "Bearer x"))
                    .isEqualTo(200);
            SmsSink.Sms webhook = sink.next(Duration.ofSeconds(5));
            assertThat(webhook)
                    .isEqualTo(new SmsSink.Sms(
                            "webhook", "+4915100000001", "Acme", "123456 is your code", "Bearer x", null));
            assertThat(post(
                            sink.twilioBaseUrl() + "/2010-04-01/Accounts/AC1/Messages.json",
                            "application/x-www-form-urlencoded",
                            "To=%2B4915100000002&From=%2B1500&Body=654321+code",
                            "Basic y"))
                    .isEqualTo(201);
            SmsSink.Sms twilio = sink.next(Duration.ofSeconds(5));
            assertThat(twilio)
                    .isEqualTo(new SmsSink.Sms("twilio", "+4915100000002", "+1500", "654321 code", "Basic y", "AC1"));
            assertThat(sink.calls()).isEqualTo(2);

            sink.failWith(503);
            assertThat(post(sink.webhookUrl(), "application/json", "{\"to\":\"+1\",\"text\":\"t\"}", null))
                    .isEqualTo(503);
            assertThat(sink.waiting()).as("a failed message is not recorded").isZero();
            assertThat(sink.calls()).isEqualTo(3);
            sink.answer();
            sink.clear();
            assertThat(sink.calls()).isZero();
        }
    }
}
