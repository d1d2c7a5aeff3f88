package dev.tenancy.context.policy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.TenantPermission;
import dev.tenancy.context.TenantRoles;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.util.JsonSerialization;

/**
 * The ONE definition of "this member must use a second factor to enter this tenant" and of "this session did": used
 * by the login condition, the token guard and the tenant switch.
 *
 * <p>How Keycloak records a second factor: every authenticator execution that succeeds in a flow is added to the user
 * session note {@code authenticators-completed} (execution id to time; {@code AuthenticatorUtils
 * .updateCompletedExecutions}, the same note the {@code amr} mapper reads), and an SSO re-entry merges the session's
 * earlier entries into it. A session counts as multi-factor when one of those executions runs an authenticator of an
 * allowed {@link MfaMethod}, or when the user had no allowed factor before this session and set one up during it (the
 * setup required action verifies a code or a signature, but is not an execution).</p>
 */
public final class TenantMfa {

    private static final TypeReference<Map<String, Integer>> COMPLETED = new TypeReference<>() {
    };

    private TenantMfa() {
    }

    /**
     * Whether {@code user} must use a second factor in {@code tenant}: the tenant's {@code mfa} is {@code all}, or
     * {@code admins} and the user holds the tenant permission {@code tenant-admin} there (one query, only then).
     */
    public static boolean required(KeycloakSession session, OrganizationModel tenant, UserModel user, TenantPolicy policy) {
        return switch (policy.mfa()) {
            case OFF -> false;
            case ALL -> true;
            case ADMINS -> TenantRoles.of(Organizations.getProvider(session), tenant, user)
                    .hasClientRole(TenancyConventions.PERMISSIONS_CLIENT_ID, TenantPermission.TENANT_ADMIN.roleName());
        };
    }

    /**
     * Whether a session proved one of {@code methods}.
     *
     * @param completedExecutions the {@code authenticators-completed} note (user-session note, or the authentication
     *                            session's user-session note during a login)
     * @param sessionStartedMillis when the user session started; {@code 0} during a login that has none yet
     */
    public static boolean satisfied(RealmModel realm, String completedExecutions, UserModel user,
            long sessionStartedMillis, Set<MfaMethod> methods) {
        return completedSecondFactor(realm, completedExecutions, methods) || setUpDuring(user, sessionStartedMillis, methods);
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
            if (execution != null && execution.getAuthenticator() != null
                    && MfaMethod.ofAuthenticator(execution.getAuthenticator()).filter(methods::contains).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the user's first allowed factor was set up at or after {@code sessionStartedMillis}: every credential of
     * an allowed type is that recent (a factor that existed before the session must be USED, not re-registered).
     */
    static boolean setUpDuring(UserModel user, long sessionStartedMillis, Set<MfaMethod> methods) {
        if (sessionStartedMillis <= 0) {
            return false;
        }
        List<CredentialModel> factors = configured(user, methods);
        return !factors.isEmpty() && factors.stream()
                .allMatch(c -> c.getCreatedDate() != null && c.getCreatedDate() >= sessionStartedMillis);
    }

    /** Whether the user has set up at least one of {@code methods}. */
    public static boolean hasConfigured(UserModel user, Set<MfaMethod> methods) {
        return !configured(user, methods).isEmpty();
    }

    private static List<CredentialModel> configured(UserModel user, Set<MfaMethod> methods) {
        return user.credentialManager().getStoredCredentialsStream()
                .filter(c -> MfaMethod.ofCredentialType(c.getType()).filter(methods::contains).isPresent())
                .toList();
    }
}
