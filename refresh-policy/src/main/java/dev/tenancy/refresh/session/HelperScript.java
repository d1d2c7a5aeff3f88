package dev.tenancy.refresh.session;

import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The JavaScript helper {@code tenancy-session.js}, served from the refresh-policy jar at a fixed URL that SPAs
 * import. Browsers revalidate it on every use ({@code no-cache}) and get a 304 without the script while its
 * {@code ETag}, a hash of the script, matches: an upgrade is picked up at once, and an unchanged script is not sent
 * again. Read once; the same on every node with the same jar (no state).
 */
final class HelperScript {

    static final String FILE = "tenancy-session.js";
    private static final String RESOURCE = "/dev/tenancy/refresh/session/" + FILE;

    private final byte[] script;
    private final String etag;

    HelperScript(byte[] script) {
        this.script = script.clone();
        this.etag = etagOf(script);
    }

    /** The script of this jar. */
    static HelperScript get() {
        return Holder.INSTANCE;
    }

    /** The strong entity tag of the script: a quoted SHA-256 prefix. */
    String etag() {
        return etag;
    }

    /**
     * The script, or 304 when {@code ifNoneMatch} (the request's {@code If-None-Match}, may be null) names its
     * {@code ETag}. Public and static: any origin may import it (no credentials involved).
     */
    Response response(String ifNoneMatch) {
        Response.ResponseBuilder response =
                matches(ifNoneMatch) ? Response.notModified() : Response.ok(script, "text/javascript; charset=utf-8");
        return response.header("ETag", etag)
                .header("Access-Control-Allow-Origin", "*")
                .header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    /**
     * Whether an {@code If-None-Match} value names this script (RFC 9110, 13.1.2: {@code *}, or a list of tags
     * compared weakly, so that a {@code W/} prefix a proxy added still matches).
     */
    boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String candidate = tag.strip();
            if (candidate.equals("*")) {
                return true;
            }
            if (candidate.startsWith("W/")) {
                candidate = candidate.substring(2);
            }
            if (candidate.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static String etagOf(byte[] script) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(script);
            return '"'
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(hash)
                            .substring(0, 22)
                    + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Holder {
        static final HelperScript INSTANCE = new HelperScript(read());
    }

    private static byte[] read() {
        try (InputStream in = HelperScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the refresh-policy jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
