package dev.tenancy.demo.api;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;

/**
 * The demo's fake SMS gateway: the {@code webhook} API of tenant-policy's SMS factor ({@code POST /demo-sms}, JSON
 * {@code {"to","text"}}), which prints each message, code included, to the demo API's log instead of sending it.
 * For the demo only: a real gateway never writes codes anywhere. Answers only loopback callers.
 */
final class DemoSmsGateway {

    static final String PATH = "/demo-sms";

    private final PrintStream log;

    DemoSmsGateway(PrintStream log) {
        this.log = log;
    }

    /** The status of the answer to one POST. */
    int receive(HttpExchange exchange) throws IOException {
        if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
            return 403;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(8192);
        }
        Map<String, Object> message;
        try {
            message = JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            return 400;
        }
        if (!(message.get("to") instanceof String to) || !(message.get("text") instanceof String text)) {
            return 400;
        }
        log.println("[demo SMS gateway] to " + to + ": " + text);
        log.flush();
        return 200;
    }
}
