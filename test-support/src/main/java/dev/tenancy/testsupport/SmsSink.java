package dev.tenancy.testsupport;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fake SMS gateway on a loopback port that records the messages it is given, the way {@link SmtpSink} records
 * e-mails. It serves both APIs the SMS factor speaks:
 * <ul>
 *   <li>the generic webhook: {@code POST /webhook} with a JSON body {@code {"to","text","from"}} (the default body
 *       template of tenant-policy's {@code webhook} gateway);</li>
 *   <li>the Twilio-style Messages API: {@code POST /2010-04-01/Accounts/{account}/Messages.json}, form fields
 *       {@code To}, {@code From}, {@code Body}, HTTP Basic; answers 201 with a message resource.</li>
 * </ul>
 * {@link #failWith(int)} makes it answer an error and {@link #hang()} never answer (for the gateway-timeout path; a
 * request held that way is answered 504 and not recorded when {@link #answer()} lets it go);
 * {@link #calls()} counts every request, accepted or not (to show the gateway was NOT called). With
 * {@link #printTo(java.io.PrintStream)} it prints each message (the demo's log of codes).
 */
public final class SmsSink implements AutoCloseable {

    /** One message as the gateway received it. */
    public record Sms(String api, String to, String from, String text, String authorization, String account) {}

    private final HttpServer server;
    private final BlockingQueue<Sms> received = new LinkedBlockingQueue<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger failStatus = new AtomicInteger();
    private final AtomicReference<java.io.PrintStream> printer = new AtomicReference<>();
    private volatile boolean hang;

    private SmsSink(HttpServer server) {
        this.server = server;
        server.createContext("/webhook", exchange -> handle(exchange, "webhook"));
        server.createContext("/2010-04-01/Accounts/", exchange -> handle(exchange, "twilio"));
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "sms-sink");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public static SmsSink start() {
        return start(0);
    }

    /** On a given port (0: any free one). */
    public static SmsSink start(int port) {
        try {
            return new SmsSink(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL of the webhook API. */
    public String webhookUrl() {
        return "http://127.0.0.1:" + port() + "/webhook";
    }

    /** The base URL of the Twilio-style API (what tenant-policy's {@code tenancy.sms.url} takes for {@code twilio}). */
    public String twilioBaseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Answer every request with {@code status} (0: accept again). */
    public void failWith(int status) {
        failStatus.set(status);
    }

    /** Never answer (until {@link #answer()}): the gateway's timeout must end the call. */
    public void hang() {
        hang = true;
    }

    /** Answer normally again. */
    public void answer() {
        hang = false;
        failStatus.set(0);
    }

    /** Print every accepted message to {@code out}. */
    public void printTo(java.io.PrintStream out) {
        printer.set(out);
    }

    /** The next message received, waiting at most {@code timeout}; fails when none arrives. */
    public Sms next(Duration timeout) {
        try {
            Sms sms = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (sms == null) {
                throw new AssertionError("No SMS arrived within " + timeout.toSeconds() + " s");
            }
            return sms;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The next message to {@code to}, waiting at most {@code timeout}; others stay queued (several users logging in at
     * once, as in the bench).
     */
    public Sms nextTo(String to, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Sms sms : received) {
                if (to.equals(sms.to()) && received.remove(sms)) {
                    return sms;
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("No SMS to " + to + " arrived within " + timeout.toSeconds() + " s");
    }

    /** How many received messages {@link #next} has not handed out yet. */
    public int waiting() {
        return received.size();
    }

    /** Requests received since the last {@link #clear()}, accepted or not. */
    public int calls() {
        return calls.get();
    }

    /** Forgets the messages and the count of calls. */
    public void clear() {
        received.clear();
        calls.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange, String api) throws IOException {
        try (exchange) {
            calls.incrementAndGet();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (hang) {
                while (hang) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                // the caller gave up long ago: this message was never delivered, and must not show up in a later test
                respond(exchange, 504, "{\"error\":\"gateway hung (test)\"}");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "{\"error\":\"method not allowed\"}");
                return;
            }
            int status = failStatus.get();
            if (status != 0) {
                respond(exchange, status, "{\"error\":\"gateway failure (test)\"}");
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Sms sms;
            if ("webhook".equals(api)) {
                Map<String, Object> json = Http.JSON.readValue(body, new TypeReference<Map<String, Object>>() {});
                sms = new Sms(
                        api,
                        (String) json.get("to"),
                        (String) json.get("from"),
                        (String) json.get("text"),
                        authorization,
                        null);
            } else {
                String path = exchange.getRequestURI().getPath(); // /2010-04-01/Accounts/{account}/Messages.json
                String[] parts = path.split("/");
                if (parts.length != 5 || !"Messages.json".equals(parts[4])) {
                    respond(exchange, 404, "{\"message\":\"not found\"}");
                    return;
                }
                Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
                sms = new Sms(api, form.get("To"), form.get("From"), form.get("Body"), authorization, parts[3]);
            }
            received.add(sms);
            java.io.PrintStream out = printer.get();
            if (out != null) {
                out.println("[fake SMS gateway] to " + sms.to() + ": " + sms.text());
            }
            respond(
                    exchange,
                    "webhook".equals(api) ? 200 : 201,
                    "{\"sid\":\"SM" + System.nanoTime() + "\",\"status\":\"queued\"}");
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
