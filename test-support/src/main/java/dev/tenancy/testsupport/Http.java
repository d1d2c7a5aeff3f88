package dev.tenancy.testsupport;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.stream.Collectors;

/** Plain HTTP for tests: JSON in and out, form posts, no Keycloak classes in between. */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Http() {}

    /** A response: status, raw body and (when the body is a JSON object) its fields. */
    public record Response(int status, String body, Map<String, List<String>> headers) {

        public Map<String, Object> json() {
            try {
                return JSON.readValue(body, new TypeReference<>() {});
            } catch (IOException e) {
                throw new AssertionError("Not a JSON object (HTTP " + status + "): " + body, e);
            }
        }

        public List<Object> jsonList() {
            try {
                return JSON.readValue(body, new TypeReference<>() {});
            } catch (IOException e) {
                throw new AssertionError("Not a JSON array (HTTP " + status + "): " + body, e);
            }
        }

        public String string(String field) {
            Object value = json().get(field);
            return value == null ? null : value.toString();
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + body;
        }
    }

    public static Response form(String url, Map<String, String> fields, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(fields)));
        headers.forEach(request::header);
        return send(request.build());
    }

    public static Response form(String url, Map<String, String> fields) {
        return form(url, fields, Map.of());
    }

    public static Response get(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    public static Response json(String method, String url, Object body, Map<String, String> headers) {
        return json(method, url, body, headers, Duration.ofSeconds(60));
    }

    /** As {@link #json(String, String, Object, Map)}, for calls known to take long (large realm imports). */
    public static Response json(String method, String url, Object body, Map<String, String> headers, Duration timeout) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, publisher);
        headers.forEach(request::header);
        return send(request.build());
    }

    public static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    /** Builds a mutable field map from alternating names and values; null values are left out. */
    public static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                fields.put(namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return fields;
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
