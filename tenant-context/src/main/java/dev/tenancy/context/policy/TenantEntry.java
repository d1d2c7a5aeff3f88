package dev.tenancy.context.policy;

import dev.tenancy.context.TenancyConventions;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.RefreshToken;
import org.keycloak.util.TokenUtil;

/**
 * The policy checks of entering a tenant WITHOUT a login: a tenant switch (refresh with {@code tenant=}, and the SPA's
 * cookie switch, which calls the same {@link dev.tenancy.context.TenantSwitch}). A switch from a session that does not
 * meet the target's policy is refused with {@code interaction_required}: the client must send the user through a
 * login for that tenant ({@code scope=organization:<alias>}), which runs the tenant's login steps (second factor,
 * email verification), and can switch afterwards.
 */
public final class TenantEntry {

    /** OAuth error of a refused switch that a fresh login for the target tenant can cure (step-up). */
    public static final String INTERACTION_REQUIRED = "interaction_required";

    private TenantEntry() {}

    /**
     * @throws OAuthErrorException {@code interaction_required} when the target requires a verified email the user does
     *         not have, or a second factor the user session did not use
     */
    public static void checkSwitch(
            KeycloakSession session,
            OrganizationModel target,
            UserModel user,
            RefreshToken refreshToken,
            EventBuilder event)
            throws OAuthErrorException {
        TenantPolicy policy = TenantPolicy.of(session, target);
        if (policy.isEmpty()) {
            return;
        }
        String alias = target.getAlias();
        if (policy.emailVerifiedRequired() && !user.isEmailVerified()) {
            refuse(
                    event,
                    alias,
                    "tenant_policy_email_unverified",
                    "Tenant '" + alias + "' requires a verified email " + "address: re-authenticate with organization:"
                            + alias);
        }
        if (TenantMfa.required(session, target, user, policy)) {
            RealmModel realm = session.getContext().getRealm();
            UserSessionModel userSession = userSessionOf(session, realm, refreshToken);
            if (userSession == null) {
                return; // Keycloak's own validation refuses the refresh next
            }
            if (!TenantMfa.satisfied(
                    realm,
                    userSession.getNote(Constants.AUTHENTICATORS_COMPLETED),
                    userSession.getNote(TenantMfa.SETUP_NOTE),
                    user,
                    policy.mfaMethods())) {
                refuse(
                        event,
                        alias,
                        "tenant_policy_mfa_required",
                        "Tenant '" + alias + "' requires multi-factor "
                                + "authentication: re-authenticate with organization:" + alias);
            }
        }
    }

    private static UserSessionModel userSessionOf(KeycloakSession session, RealmModel realm, RefreshToken token) {
        String sid = token.getSessionId();
        if (sid == null) {
            return null;
        }
        return TokenUtil.TOKEN_TYPE_OFFLINE.equals(token.getType())
                ? session.sessions().getOfflineUserSession(realm, sid)
                : session.sessions().getUserSession(realm, sid);
    }

    private static void refuse(EventBuilder event, String alias, String reason, String description)
            throws OAuthErrorException {
        if (event != null) {
            event.detail(TenancyConventions.EventDetails.TO_TENANT, alias)
                    .detail(TenancyConventions.EventDetails.REASON, reason);
        }
        throw new OAuthErrorException(INTERACTION_REQUIRED, description);
    }
}
