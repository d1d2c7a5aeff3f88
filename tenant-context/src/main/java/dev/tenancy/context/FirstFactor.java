package dev.tenancy.context;

import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Whether the user of a browser login has passed the first factor, i.e. proved who they are, not only named
 * themselves. Until then nothing about the user's tenants may show or steer anything: an identity-first username
 * form (Keycloak's "Organization Identity-First Login" or "Username Form") sets the login's user as soon as a known
 * name is typed, with no credential, and a page that then differed (tenants listed, a last tenant marked, branding
 * from memberships) would tell anybody which accounts exist and where they are members.
 *
 * <p>Passed means one of the three things Keycloak itself records in the authentication session when a user is
 * authenticated: a credential verified in this login ({@code authn.credentials}, written by every authenticator that
 * reports {@code context.success(credentialType)}: password, OTP, WebAuthn/passkey, Kerberos, X.509, recovery
 * codes), an SSO re-entry through the session cookie ({@code SSO_AUTH}), or a login through an identity provider
 * ({@code BROKER_USER_ID}). A custom first factor that calls {@code context.success()} without a credential type
 * is not recognised: the tenant steps then treat the user as not yet authenticated (nothing shown, nothing chosen).
 * Reads auth notes only; these note names are Keycloak internals, used here and nowhere else.</p>
 */
public final class FirstFactor {

    private FirstFactor() {
    }

    /** True when the login's user has been authenticated (see the class comment); false without a login. */
    public static boolean passed(AuthenticationSessionModel authSession) {
        if (authSession == null) {
            return false;
        }
        return AuthenticatorUtil.isSSOAuthentication(authSession)
                || !AuthenticatorUtil.getAuthnCredentials(authSession).isEmpty()
                || authSession.getAuthNote(AuthenticationProcessor.BROKER_USER_ID) != null;
    }
}
