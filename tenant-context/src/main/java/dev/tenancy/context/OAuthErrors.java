package dev.tenancy.context;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.services.ErrorResponseException;

/**
 * The one error format of this pack, the same as Keycloak's OAuth endpoints:
 * {@code {"error": "<code>", "error_description": "<text>"}} with a 4xx status.
 */
public final class OAuthErrors {

    private OAuthErrors() {}

    public static Map<String, String> body(String error, String description) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return body;
    }

    public static Response response(Response.Status status, String error, String description) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(error, description))
                .build();
    }

    /** To throw from a JAX-RS resource; Keycloak renders it as the same JSON body. */
    public static ErrorResponseException exception(Response.Status status, String error, String description) {
        return new ErrorResponseException(error, description, status);
    }
}
