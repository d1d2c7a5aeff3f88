package dev.tenancy.policy.login;

import dev.tenancy.context.LoginTenant;
import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.policy.PolicyKey;
import dev.tenancy.context.policy.TenantPolicy;
import dev.tenancy.context.session.TenantSessionEnd;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Tenant policy": the browser-flow step that applies the entered tenant's login rules, REQUIRED right after "Tenant
 * selection" (it needs the tenant) and before the tenant's MFA sub-flow:
 * <ul>
 *   <li><b>SSO re-entry limits</b> ({@code session.idle-seconds}, {@code session.max-seconds}): an SSO cookie login
 *       into the tenant whose session was idle longer, or authenticated longer ago, than the tenant allows restarts
 *       the flow with {@code prompt=login}: the user authenticates again (a silent request gets
 *       {@code login_required});</li>
 *   <li><b>ended sessions</b>: an SSO cookie login into a tenant that ended its sessions in this SSO session (tenant
 *       API, {@link TenantSessionEnd}) restarts the same way, until the user authenticated again;</li>
 *   <li><b>verified email</b> ({@code email.verified-required}): a user with an unverified email is sent through
 *       Keycloak's VERIFY_EMAIL required action first; when the realm has that action disabled, the login is refused
 *       ({@code access_denied});</li>
 *   <li><b>password expiry</b> ({@code password.max-age-days}): a password older than the strictest maximum age of
 *       ALL the user's tenants gets the UPDATE_PASSWORD required action in this login, whichever tenant (or none)
 *       the login enters.</li>
 * </ul>
 * One read of the entered tenant's attributes, and the user's tenants (one query; their policies come from
 * Keycloak's organization cache) for the password's age.
 */
public class TenantPolicyAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(TenantPolicyAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user == null || !Organizations.isEnabled(context.getSession())) {
            context.success();
            return;
        }
        OrganizationModel tenant = LoginTenant.entered(context.getSession(), context.getAuthenticationSession());
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        // the SSO session being re-entered, read once: reading it also marks it as used (lastSessionRefresh)
        UserSessionModel ssoSession =
                tenant != null && AuthenticatorUtil.isSSOAuthentication(authSession) ? ssoSession(context) : null;
        if (ssoSession != null && !TenantSessionEnd.mayEnter(ssoSession, tenant.getId())) {
            LOG.debugf("SSO re-entry into tenant %s, which ended this session: re-authentication", tenant.getAlias());
            context.getEvent()
                    .detail(TenancyConventions.EventDetails.TENANT, tenant.getAlias())
                    .detail(TenancyConventions.EventDetails.REASON, TenantSessionEnd.REASON);
            authSession.setClientNote(OIDCLoginProtocol.PROMPT_PARAM, OIDCLoginProtocol.PROMPT_VALUE_LOGIN);
            context.resetFlow();
            return;
        }
        TenantPolicy policy = TenantPolicy.of(context.getSession(), tenant);
        if (!policy.isEmpty()) {
            if (ssoSession != null && ssoSessionTooOld(ssoSession, policy)) {
                LOG.debugf(
                        "SSO re-entry into tenant %s exceeds its session limits: re-authentication", tenant.getAlias());
                context.getEvent()
                        .detail(TenancyConventions.EventDetails.TENANT, tenant.getAlias())
                        .detail(TenancyConventions.EventDetails.REASON, "tenant_policy_reauthentication");
                authSession.setClientNote(OIDCLoginProtocol.PROMPT_PARAM, OIDCLoginProtocol.PROMPT_VALUE_LOGIN);
                context.resetFlow();
                return;
            }
            if (policy.emailVerifiedRequired() && !user.isEmailVerified()) {
                requireAction(
                        context,
                        tenant,
                        UserModel.RequiredAction.VERIFY_EMAIL.name(),
                        "tenant_policy_email_unverified",
                        "Tenant '" + tenant.getAlias() + "' requires a verified email address");
            }
        }
        requirePasswordChangeWhenExpired(context, user, tenant);
        context.success();
    }

    /**
     * Password expiry follows the password, not the tenant being entered: the strictest {@code password.max-age-days}
     * of ALL the user's tenants applies at every login (also into a tenant without the rule, or into none), like every
     * other password rule. The realm's own maximum age ({@code forceExpiredPasswordChange}) is Keycloak's, which checks
     * it itself at every login; a tenant's may only be shorter (validation).
     */
    private void requirePasswordChangeWhenExpired(
            AuthenticationFlowContext context, UserModel user, OrganizationModel loginTenant) {
        KeycloakSession session = context.getSession();
        OrganizationModel strictest = null;
        int maxAgeDays = 0;
        for (OrganizationModel tenant : userTenants(session, user, loginTenant)) {
            int days = TenantPolicy.of(session, tenant).passwordRule(PolicyKey.PASSWORD_MAX_AGE_DAYS);
            if (days > 0 && (maxAgeDays == 0 || days < maxAgeDays)) {
                maxAgeDays = days;
                strictest = tenant;
            }
        }
        if (strictest != null && passwordExpired(user, maxAgeDays)) {
            LOG.debugf(
                    "Password of %s is older than %d days (tenant %s): update-password",
                    user.getUsername(), maxAgeDays, strictest.getAlias());
            requireAction(
                    context,
                    strictest,
                    UserModel.RequiredAction.UPDATE_PASSWORD.name(),
                    "tenant_policy_password_expired",
                    "Tenant '" + strictest.getAlias() + "' requires a password change");
        }
    }

    /**
     * The tenants the user is a member of, the login's tenant first; disabled ones too, as for the password rules
     * ({@code TenantPasswordPolicyProvider}): a password serves every membership.
     */
    private static List<OrganizationModel> userTenants(
            KeycloakSession session, UserModel user, OrganizationModel loginTenant) {
        Stream<OrganizationModel> members = Organizations.getProvider(session).getByMember(user);
        return (loginTenant == null
                        ? members
                        : Stream.concat(Stream.of(loginTenant), members.filter(t -> !t.getId()
                                .equals(loginTenant.getId()))))
                .toList();
    }

    /** Whether the SSO session being re-entered is idle or old beyond the tenant's limits (seconds). */
    private static boolean ssoSessionTooOld(UserSessionModel userSession, TenantPolicy policy) {
        int idle = policy.sessionIdleSeconds();
        int max = policy.sessionMaxSeconds();
        if (idle == 0 && max == 0) {
            return false;
        }
        int now = Time.currentTime();
        if (idle > 0 && now - userSession.getLastSessionRefresh() >= idle) {
            return true;
        }
        String authTime = userSession.getNote(AuthenticationManager.AUTH_TIME);
        int authenticatedAt = authTime == null ? userSession.getStarted() : Integer.parseInt(authTime);
        return max > 0 && now - authenticatedAt >= max;
    }

    /** The SSO session the cookie of this login names, or {@code null}. */
    private static UserSessionModel ssoSession(AuthenticationFlowContext context) {
        AuthenticationManager.AuthResult sso =
                AuthenticationManager.authenticateIdentityCookie(context.getSession(), context.getRealm(), false);
        return sso == null ? null : sso.session();
    }

    private static boolean passwordExpired(UserModel user, int maxAgeDays) {
        CredentialModel password = user.credentialManager()
                .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .findFirst()
                .orElse(null);
        if (password == null) {
            return false; // a user without a password (identity provider, passkey) has nothing to expire
        }
        Long created = password.getCreatedDate();
        return created == null || Time.currentTimeMillis() - created > TimeUnit.DAYS.toMillis(maxAgeDays);
    }

    /** Adds a required action to this login, or refuses the login when the realm has that action disabled. */
    private void requireAction(
            AuthenticationFlowContext context,
            OrganizationModel tenant,
            String action,
            String reason,
            String description) {
        RequiredActionProviderModel model = context.getRealm().getRequiredActionProviderByAlias(action);
        if (model != null && model.isEnabled()) {
            context.getAuthenticationSession().addRequiredAction(action);
            return;
        }
        context.getEvent()
                .detail(TenancyConventions.EventDetails.TENANT, tenant.getAlias())
                .detail(TenancyConventions.EventDetails.REASON, reason);
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        LoginProtocol protocol = context.getSession().getProvider(LoginProtocol.class, authSession.getProtocol());
        protocol.setRealm(context.getRealm())
                .setHttpHeaders(context.getHttpRequest().getHttpHeaders())
                .setUriInfo(context.getUriInfo())
                .setEventBuilder(context.getEvent());
        Response redirect = protocol.sendError(
                authSession,
                LoginProtocol.Error.CONSENT_DENIED,
                description + " (required action " + action + " is disabled in this realm)");
        throw new AuthenticationFlowException(AuthenticationFlowError.GENERIC_AUTHENTICATION_ERROR, redirect);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {}

    @Override
    public void close() {}
}
