package dev.tenancy.policy.login;

import dev.tenancy.context.LoginTenant;
import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.policy.MfaMethod;
import dev.tenancy.context.policy.TenantMfa;
import dev.tenancy.context.policy.TenantPolicy;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.common.util.Time;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Condition - tenant requires MFA": true when the tenant this login enters requires a second factor of this user
 * ({@link TenantMfa#required}) and the login has not proved an allowed one yet (an SSO re-entry that already did in
 * this session is not asked again). Placed like Keycloak's "Conditional 2FA": in a CONDITIONAL sub-flow, followed by
 * the second-factor authenticators (OTP form, WebAuthn), AFTER "Tenant selection" so that the tenant is known.
 *
 * <p>A user who has none of the tenant's allowed factors yet is made to set one up: the condition adds the setup
 * required action of the allowed method the realm has enabled ({@code CONFIGURE_TOTP}, {@code webauthn-register},
 * {@code webauthn-register-passwordless}, {@code tenancy-sms-phone}; never the fallback recovery codes) to this login,
 * or, when several are possible, "Choose a second factor" ({@link MfaSetupChoiceRequiredAction}) offering exactly
 * those, and lets the sub-flow pass; the setup verifies a code or a
 * signature, and the token guard and the switch count a factor set up after that moment as used (user-session note
 * {@value TenantMfa#SETUP_NOTE}).</p>
 *
 * <p>A user who has no allowed factor and cannot set one up here (the tenant allows only {@code email} and the
 * address is not verified, or the realm disabled the setup actions) is refused with Keycloak's "credential setup
 * required" error page.</p>
 *
 * <p>When the tenant allows only some methods ({@code mfa.methods}), the factors of other methods in the same sub-flow
 * are skipped for this login, so the user is asked for an allowed one.</p>
 */
public class TenantMfaCondition implements ConditionalAuthenticator {

    private static final Logger LOG = Logger.getLogger(TenantMfaCondition.class);

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        OrganizationModel tenant =
                user == null ? null : LoginTenant.entered(context.getSession(), context.getAuthenticationSession());
        if (tenant == null) {
            return false;
        }
        KeycloakSession session = context.getSession();
        TenantPolicy policy = TenantPolicy.of(session, tenant);
        if (!TenantMfa.required(session, tenant, user, policy)) {
            return false;
        }
        Set<MfaMethod> methods = policy.mfaMethods();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        skipFactorsNotAllowed(context, methods);
        if (TenantMfa.completedSecondFactor(
                context.getRealm(),
                authSession.getUserSessionNotes().get(Constants.AUTHENTICATORS_COMPLETED),
                methods)) {
            return false;
        }
        if (!TenantMfa.hasConfigured(user, methods)) {
            String setup = setupAction(context.getRealm(), methods, authSession);
            if (setup != null) {
                LOG.debugf("Tenant %s requires MFA: user %s sets up %s", tenant.getAlias(), user.getUsername(), setup);
                authSession.addRequiredAction(setup);
                authSession.setUserSessionNote(TenantMfa.SETUP_NOTE, Long.toString(Time.currentTimeMillis()));
                return false;
            }
            // no allowed factor and none can be set up here (email only, without a verified address; or the realm
            // disabled the setup actions): no factor of the sub-flow could pass, and the token guard would refuse
            // anything else. Say so, instead of the sub-flow's "Invalid username or password".
            LOG.debugf(
                    "Tenant %s requires MFA (%s): user %s has no allowed factor and none can be set up",
                    tenant.getAlias(), methods, user.getUsername());
            context.getEvent()
                    .detail(TenancyConventions.EventDetails.TENANT, tenant.getAlias())
                    .detail(TenancyConventions.EventDetails.REASON, "tenant_policy_mfa_required");
            throw new AuthenticationFlowException(
                    "Tenant " + tenant.getAlias() + " requires a second factor (" + methods
                            + ") that this user cannot use or set up",
                    AuthenticationFlowError.CREDENTIAL_SETUP_REQUIRED);
        }
        return true;
    }

    /**
     * Marks the executions beside this condition that prove a method the tenant does NOT allow as skipped for this
     * login. Keycloak picks among ALTERNATIVE factors by the order of the user's credentials and offers the others
     * under "Try another way"; a processed (skipped) execution is neither picked nor offered, and a forged switch to it
     * is refused by Keycloak ("Requested authentication execution is not allowed"). Without this, a user holding a
     * TOTP app and a security key would be asked for the TOTP code in a tenant that allows only WebAuthn, and the
     * token guard would then refuse the login it completed.
     */
    private static void skipFactorsNotAllowed(AuthenticationFlowContext context, Set<MfaMethod> methods) {
        if (methods.size() == MfaMethod.values().length || context.getExecution() == null) {
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        context.getRealm()
                .getAuthenticationExecutionsStream(context.getExecution().getParentFlow())
                .filter(execution -> execution.getAuthenticator() != null)
                .filter(execution -> MfaMethod.ofAuthenticator(execution.getAuthenticator())
                        .filter(method -> !methods.contains(method))
                        .isPresent())
                .forEach(execution -> authSession.setExecutionStatus(
                        execution.getId(), AuthenticationSessionModel.ExecutionStatus.SKIPPED));
    }

    /**
     * The required action that sets up a factor for this login: with one offerable method its own setup action; with
     * several, "Choose a second factor" when the realm has it enabled (the offered methods go in an auth note), else
     * the first. Null when the realm can set up none of the tenant's methods.
     */
    private static String setupAction(
            RealmModel realm, Set<MfaMethod> methods, AuthenticationSessionModel authSession) {
        List<MfaMethod> offerable = MfaSetupChoice.offerable(realm, methods);
        if (offerable.isEmpty()) {
            return null;
        }
        RequiredActionProviderModel choice =
                realm.getRequiredActionProviderByAlias(MfaSetupChoiceRequiredActionFactory.PROVIDER_ID);
        if (offerable.size() > 1 && choice != null && choice.isEnabled()) {
            authSession.setAuthNote(MfaSetupChoice.OFFERED_NOTE, MfaSetupChoice.toNote(offerable));
            return MfaSetupChoiceRequiredActionFactory.PROVIDER_ID;
        }
        return offerable.get(0).setupAction();
    }

    @Override
    public void action(AuthenticationFlowContext context) {}

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {}

    @Override
    public void close() {}
}
