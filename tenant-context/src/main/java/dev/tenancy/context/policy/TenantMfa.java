package dev.tenancy.context.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.TenantPermission;
import dev.tenancy.context.TenantRoles;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

/**
 * The ONE definition of "this member must use a second factor to enter this tenant" and of "this session did": used
 * by the login condition, the token guard and the tenant switch.
 *
 * <p>How Keycloak records a second factor: every authenticator execution that succeeds in a flow is added to the user
 * session note {@code authenticators-completed} (execution id to time; {@code AuthenticatorUtils
 * .updateCompletedExecutions}, the same note the {@code amr} mapper reads), and an SSO re-entry merges the session's
 * earlier entries into it. A session counts as multi-factor when one of those executions runs an authenticator of an
 * allowed {@link MfaMethod}, or when a login of this session made the user set up a first factor (the condition then
 * records {@link #SETUP_NOTE}) and the user holds an allowed factor created after that moment: the setup required
 * action verifies a code or a signature, but is not an execution.</p>
 */
public final class TenantMfa {

    /**
     * User-session note: when (epoch millis) a login of this session made the user, who had no allowed factor, set one
     * up. Only our condition writes it, so a factor registered later through the account console does not count.
     */
    public static final String SETUP_NOTE = "tenancy.mfa.setup";

    private static final TypeReference<Map<String, Integer>> COMPLETED = new TypeReference<>() {};

    private TenantMfa() {}

    /**
     * Whether {@code user} must use a second factor in {@code tenant}: the tenant's {@code mfa} is {@code all}, or
     * {@code admins} and the user holds the tenant permission {@code tenant-admin} there (one query, only then).
     */
    public static boolean required(
            KeycloakSession session, OrganizationModel tenant, UserModel user, TenantPolicy policy) {
        return switch (policy.mfa()) {
            case OFF -> false;
            case ALL -> true;
            case ADMINS ->
                TenantRoles.of(session, tenant, user)
                        .hasClientRole(
                                TenancyConventions.PERMISSIONS_CLIENT_ID, TenantPermission.TENANT_ADMIN.roleName());
        };
    }

    /**
     * Whether a session proved one of {@code methods}.
     *
     * @param completedExecutions the {@code authenticators-completed} note (user-session note, or the authentication
     *                            session's user-session note during a login)
     * @param setupNote           the session's {@link #SETUP_NOTE}, or null
     */
    public static boolean satisfied(
            RealmModel realm, String completedExecutions, String setupNote, UserModel user, Set<MfaMethod> methods) {
        return completedSecondFactor(realm, completedExecutions, methods) || setUpSince(user, setupNote, methods);
    }

    /** Whether one of the completed executions ran an authenticator of an allowed method. */
    public static boolean completedSecondFactor(RealmModel realm, String completedExecutions, Set<MfaMethod> methods) {
        if (completedExecutions == null || completedExecutions.isBlank()) {
            return false;
        }
        Map<String, Integer> executions;
        try {
            executions = JsonSerialization.readValue(completedExecutions, COMPLETED);
        } catch (IOException e) {
            return false;
        }
        for (String executionId : executions.keySet()) {
            AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(executionId);
            if (execution != null
                    && execution.getAuthenticator() != null
                    && MfaMethod.ofAuthenticator(execution.getAuthenticator())
                            .filter(methods::contains)
                            .isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the user holds an allowed factor created at or after the time of {@code setupNote}. */
    static boolean setUpSince(UserModel user, String setupNote, Set<MfaMethod> methods) {
        if (setupNote == null) {
            return false;
        }
        long since;
        try {
            since = Long.parseLong(setupNote.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        // a fallback set up since (recovery codes are shown, not proved) is no second factor used
        return configured(user, methods).stream()
                .filter(c -> MfaMethod.ofCredentialType(c.getType())
                        .filter(m -> !m.isFallback())
                        .isPresent())
                .anyMatch(c -> c.getCreatedDate() != null && c.getCreatedDate() >= since);
    }

    /**
     * Whether the user has set up at least one of {@code methods}: holds its credential, or, for {@link MfaMethod#EMAIL},
     * has a verified email address. A fallback (recovery codes) alone does not count: the user still sets up a method.
     */
    public static boolean hasConfigured(UserModel user, Set<MfaMethod> methods) {
        if (methods.contains(MfaMethod.EMAIL) && hasVerifiedEmail(user)) {
            return true;
        }
        return configured(user, methods).stream().anyMatch(c -> MfaMethod.ofCredentialType(c.getType())
                .filter(m -> !m.isFallback())
                .isPresent());
    }

    /** Whether a code can be mailed to the user as a second factor: a verified address. */
    public static boolean hasVerifiedEmail(UserModel user) {
        return user.isEmailVerified()
                && user.getEmail() != null
                && !user.getEmail().isBlank();
    }

    private static List<CredentialModel> configured(UserModel user, Set<MfaMethod> methods) {
        return user.credentialManager()
                .getStoredCredentialsStream()
                .filter(c -> MfaMethod.ofCredentialType(c.getType())
                        .filter(methods::contains)
                        .isPresent())
                .toList();
    }
}
