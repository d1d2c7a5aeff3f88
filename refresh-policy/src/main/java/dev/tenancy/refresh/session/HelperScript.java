package dev.tenancy.refresh.session;

import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The JavaScript helper {@code tenancy-session.js}, served from the refresh-policy jar. */
final class HelperScript {

    static final String FILE = "tenancy-session.js";
    private static final String RESOURCE = "/dev/tenancy/refresh/session/" + FILE;

    private HelperScript() {}

    /** The script, public and static: any origin may import it (no credentials involved). */
    static Response response() {
        try (InputStream in = HelperScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the refresh-policy jar");
            }
            return Response.ok(in.readAllBytes(), "text/javascript; charset=utf-8")
                    .header("Access-Control-Allow-Origin", "*")
                    .header("Cache-Control", "no-cache")
                    .header("X-Content-Type-Options", "nosniff")
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
