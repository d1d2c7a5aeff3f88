package dev.tenancy.context;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.CommonClientSessionModel;

/**
 * Whether the user of a browser login has passed the first factor, i.e. proved who they are, not only named
 * themselves. Until then nothing about the user's tenants may show or steer anything: an identity-first username
 * form (Keycloak's "Organization Identity-First Login" or "Username Form") sets the login's user as soon as a known
 * name is typed, with no credential, and a page that then differed (tenants listed, a last tenant marked, branding
 * from memberships) would tell anybody which accounts exist and where they are members.
 *
 * <p>Passed means one of:</p>
 * <ul>
 *   <li>an SSO re-entry through the session cookie (Keycloak's auth note {@code SSO_AUTH});</li>
 *   <li>a login through an identity provider (auth note {@code broker.user.id});</li>
 *   <li>a credential verified in this login: Keycloak records one ({@code authn.credentials}) whenever an
 *       authenticator reports {@code context.success(credentialType)} (password, OTP, WebAuthn/passkey, Kerberos,
 *       X.509, recovery codes), AND a step that checks something has succeeded. The second half is needed because
 *       Keycloak 26.7.3's "Username Form" ({@code auth-username-form}) extends the username-password form and
 *       records a password credential although it checks none; it, and our tenant steps, do not count.</li>
 * </ul>
 * <p>A custom first factor that calls {@code context.success()} without a credential type is not recognised: the
 * tenant steps then treat the user as not yet authenticated (nothing shown, nothing chosen). Reads auth notes and
 * execution statuses only; these are Keycloak internals, read here and nowhere else.</p>
 */
public final class FirstFactor {

    /** Authenticators that succeed without checking a credential: they never make the first factor. */
    private static final Set<String> NOT_A_FACTOR =
            Set.of("auth-username-form", "organization", "tenancy-tenant-selector", "tenancy-tenant-policy");

    private FirstFactor() {}

    /** True when the login's user has been authenticated (see the class comment); false without a login. */
    public static boolean passed(AuthenticationSessionModel authSession) {
        if (authSession == null) {
            return false;
        }
        if (AuthenticatorUtil.isSSOAuthentication(authSession)
                || authSession.getAuthNote(AuthenticationProcessor.BROKER_USER_ID) != null) {
            return true;
        }
        return !AuthenticatorUtil.getAuthnCredentials(authSession).isEmpty() && checkingStepSucceeded(authSession);
    }

    private static boolean checkingStepSucceeded(AuthenticationSessionModel authSession) {
        RealmModel realm = authSession.getRealm();
        return authSession.getExecutionStatus().entrySet().stream()
                .filter(status -> status.getValue() == CommonClientSessionModel.ExecutionStatus.SUCCESS)
                .map(Map.Entry::getKey)
                .map(realm::getAuthenticationExecutionById)
                .filter(Objects::nonNull)
                .filter(execution -> !execution.isAuthenticatorFlow())
                .map(AuthenticationExecutionModel::getAuthenticator)
                .anyMatch(authenticator -> authenticator != null && !NOT_A_FACTOR.contains(authenticator));
    }
}
