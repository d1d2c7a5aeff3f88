package dev.tenancy.admin.invitation;

import dev.tenancy.admin.bootstrap.TenancyClients;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpoint;
import org.keycloak.protocol.oidc.utils.OAuth2Code;
import org.keycloak.protocol.oidc.utils.OAuth2CodeParser;

/**
 * The sign-in that the invitation page starts: an authorization request of the client
 * {@value TenancyClients#INVITATIONS_CLIENT_ID} with PKCE S256 and its one exact redirect URI
 * ({@link InvitationUrls#callbackPath}), and the redemption of the code that comes back.
 *
 * <p>Adapter: the only class of this module that reads Keycloak's authorization codes ({@link OAuth2CodeParser}, an
 * internal class of keycloak-services) or names its authentication-session notes ({@link #KEY_NOTE}). The code is redeemed in-process instead of at the token endpoint because the
 * page needs only to know WHO signed in through the request this browser started, not tokens: the code is single use
 * (Keycloak removes it from its cluster-wide single-use store), bound to the client, to the redirect URI and to our
 * PKCE challenge, whose verifier only this browser holds (in an HttpOnly cookie).</p>
 */
public final class InvitationSignIn {

    /**
     * Request parameter carrying the link key into the login: Keycloak keeps unknown authorization parameters as
     * client notes of the authentication session ({@link #KEY_NOTE}), where {@link InvitationLoginTenantSource} finds
     * the invitation (branding, the invited e-mail on the registration form). The redirect URI cannot carry it: it is
     * one exact URI for all invitations.
     */
    public static final String KEY_PARAMETER = "tenancy_invitation";

    static final String KEY_NOTE =
            AuthorizationEndpoint.LOGIN_SESSION_NOTE_ADDITIONAL_REQ_PARAMS_PREFIX + KEY_PARAMETER;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,512}");

    private final KeycloakSession session;
    private final RealmModel realm;

    public InvitationSignIn(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /** A fresh random value for {@code state} or the PKCE verifier (32 bytes, base64url: 43 characters). */
    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** RFC 7636 S256: base64url(SHA-256(ASCII(verifier))). */
    public static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The absolute redirect URI as this request's base URI spells it (the client registers it relative to its root). */
    public String callbackUrl() {
        return InvitationUrls.absolute(baseUri(), InvitationUrls.callbackPath(realm.getName()));
    }

    /**
     * The authorization request for the invitation of {@code key}. {@code prompt} ({@code create}, {@code login} or null) and {@code action} (a
     * Keycloak required action for {@code kc_action}, e.g. {@code VERIFY_EMAIL}, or null) are optional.
     */
    public URI authorizationRequest(
            String key, String loginHint, String state, String verifier, String prompt, String action) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(OAuth2Constants.CLIENT_ID, TenancyClients.INVITATIONS_CLIENT_ID);
        params.put(OAuth2Constants.REDIRECT_URI, callbackUrl());
        params.put(OAuth2Constants.RESPONSE_TYPE, OAuth2Constants.CODE);
        params.put(OAuth2Constants.SCOPE, "openid");
        params.put(OAuth2Constants.STATE, state);
        params.put(OAuth2Constants.CODE_CHALLENGE, s256(verifier));
        params.put(OAuth2Constants.CODE_CHALLENGE_METHOD, OAuth2Constants.PKCE_METHOD_S256);
        params.put("login_hint", loginHint);
        params.put(OAuth2Constants.PROMPT, prompt);
        params.put("kc_action", action);
        params.put(KEY_PARAMETER, key);
        String endpoint = InvitationUrls.absolute(
                baseUri(), "/realms/" + InvitationUrls.encode(realm.getName()) + "/protocol/openid-connect/auth");
        return URI.create(InvitationUrls.withQuery(endpoint, params));
    }

    /**
     * The user who signed in, if {@code code} is a valid, unused, unexpired code of our client for our redirect URI,
     * issued for the challenge of {@code verifier}, in a user session that is still signed in, of an enabled user.
     * Empty otherwise. Redeeming consumes the code whatever the outcome.
     */
    public Optional<UserModel> redeem(String code, String verifier) {
        if (code == null || !CODE.matcher(code).matches() || verifier == null) {
            return Optional.empty(); // Keycloak's codes are <uuid>.<uuid>.<uuid>; anything else never reaches a lookup
        }
        OAuth2CodeParser.ParseResult parsed = OAuth2CodeParser.parseCode(
                session,
                code,
                realm,
                new EventBuilder(realm, session, session.getContext().getConnection()));
        if (parsed.isIllegalCode() || parsed.isExpiredCode() || parsed.getCodeData() == null) {
            return Optional.empty();
        }
        OAuth2Code data = parsed.getCodeData();
        AuthenticatedClientSessionModel clientSession = parsed.getClientSession();
        if (clientSession == null
                || !TenancyClients.INVITATIONS_CLIENT_ID.equals(
                        clientSession.getClient().getClientId())
                || !callbackUrl().equals(data.getRedirectUriParam())
                || !OAuth2Constants.PKCE_METHOD_S256.equals(data.getCodeChallengeMethod())
                || data.getCodeChallenge() == null
                || !MessageDigest.isEqual(
                        s256(verifier).getBytes(StandardCharsets.US_ASCII),
                        data.getCodeChallenge().getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        UserSessionModel userSession = clientSession.getUserSession();
        if (userSession == null
                || userSession.getState() != UserSessionModel.State.LOGGED_IN
                || userSession.getUser() == null
                || !userSession.getUser().isEnabled()) {
            return Optional.empty();
        }
        return Optional.of(userSession.getUser());
    }

    private URI baseUri() {
        return session.getContext().getUri().getBaseUri();
    }
}
