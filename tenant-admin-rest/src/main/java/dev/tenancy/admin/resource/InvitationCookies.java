package dev.tenancy.admin.resource;

import dev.tenancy.admin.invitation.InvitationUrls;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The invitation page's two cookies, both HttpOnly, {@code SameSite=Lax}, one hour, scoped to the invitations path
 * ({@code /realms/{realm}/tenants/invitations}): {@value #CSRF}, the double-submit anti-forgery token of the page's
 * form, and {@value #SIGN_IN}, the sign-in that Accept started in this browser ({@link PendingSignIn}).
 */
final class InvitationCookies {

    static final String CSRF = "TENANCY_INVITATION_CSRF";
    static final String SIGN_IN = "TENANCY_INVITATION_ACCEPT";
    private static final int MAX_AGE_SECONDS = 3600;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakSession session;
    private final RealmModel realm;

    InvitationCookies(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** A fresh anti-forgery token, for the form's hidden field and the cookie {@link #csrf(String)}. */
    static String newCsrfToken() {
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    NewCookie csrf(String token) {
        return create(CSRF, token, MAX_AGE_SECONDS);
    }

    /** Whether the form's token equals the request's {@value #CSRF} cookie (both present). */
    boolean csrfMatches(String formToken) {
        return sameSecret(formToken, read(CSRF));
    }

    NewCookie signIn(PendingSignIn pending) {
        return create(SIGN_IN, pending.value(), MAX_AGE_SECONDS);
    }

    /** The request's pending sign-in, if its cookie is present and well-formed. */
    PendingSignIn pendingSignIn() {
        return PendingSignIn.parse(read(SIGN_IN)).orElse(null);
    }

    NewCookie clearSignIn() {
        return create(SIGN_IN, "", 0);
    }

    static Response with(Response response, NewCookie cookie) {
        return Response.fromResponse(response).cookie(cookie).build();
    }

    /** Constant-time comparison of two secrets; false when either is missing. */
    static boolean sameSecret(String a, String b) {
        return a != null
                && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private String read(String name) {
        Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(name);
        return cookie == null || cookie.getValue() == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    }

    private NewCookie create(String name, String value, int maxAge) {
        URI base = session.getContext().getUri().getBaseUri();
        return new NewCookie.Builder(name)
                .value(value)
                .path(URI.create(InvitationUrls.absolute(base, InvitationUrls.invitationsPath(realm.getName())))
                        .getRawPath())
                .maxAge(maxAge)
                .httpOnly(true)
                .secure(base.getScheme().equals("https"))
                .sameSite(NewCookie.SameSite.LAX)
                .build();
    }
}
