package dev.tenancy.refresh.session;

import dev.tenancy.context.OAuthErrors;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.http.HttpRequest;

/**
 * The SPA's form fields on a cookie-mode POST: only the endpoint's fields, each once, form-encoded; anything else is
 * 400 {@code invalid_request}. The refresh token is never accepted from the body.
 */
final class BrowserForm {

    private BrowserForm() {}

    /** The fields of {@code request}, all of them among {@code allowed}. */
    static MultivaluedMap<String, String> read(HttpRequest request, Set<String> allowed) {
        MediaType type;
        try {
            type = request.getHttpHeaders().getMediaType();
        } catch (IllegalArgumentException unparsable) {
            type = null; // a Content-Type that is no media type at all ("???"): refused below, not a 500
        }
        if (type == null && request.getHttpHeaders().getHeaderString(HttpHeaders.CONTENT_TYPE) != null
                || type != null && !type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            throw OAuthErrors.exception(
                    Response.Status.BAD_REQUEST,
                    OAuthErrorException.INVALID_REQUEST,
                    "Send the fields as application/x-www-form-urlencoded");
        }
        MultivaluedMap<String, String> form =
                type == null ? new MultivaluedHashMap<>() : request.getDecodedFormParameters();
        MultivaluedMap<String, String> accepted = new MultivaluedHashMap<>();
        for (Map.Entry<String, List<String>> field : form.entrySet()) {
            String name = field.getKey();
            if (OAuth2Constants.REFRESH_TOKEN.equals(name)) {
                throw OAuthErrors.exception(
                        Response.Status.BAD_REQUEST,
                        OAuthErrorException.INVALID_REQUEST,
                        "The refresh token is never sent in the body: it is read from the cookie");
            }
            if (!allowed.contains(name)) {
                throw OAuthErrors.exception(
                        Response.Status.BAD_REQUEST,
                        OAuthErrorException.INVALID_REQUEST,
                        "Unexpected parameter '" + (name.length() > 40 ? name.substring(0, 40) + "..." : name)
                                + "'; this endpoint accepts "
                                + (allowed.isEmpty()
                                        ? "no parameters"
                                        : String.join(
                                                ", ", allowed.stream().sorted().toList())));
            }
            if (field.getValue().size() != 1) {
                throw OAuthErrors.exception(
                        Response.Status.BAD_REQUEST,
                        OAuthErrorException.INVALID_REQUEST,
                        "Duplicated parameter '" + name + "'");
            }
            accepted.put(name, field.getValue());
        }
        return accepted;
    }
}
