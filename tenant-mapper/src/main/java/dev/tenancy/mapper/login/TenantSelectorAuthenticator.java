package dev.tenancy.mapper.login;

import dev.tenancy.context.FirstFactor;
import dev.tenancy.context.RequestedTenants;
import dev.tenancy.context.TenancyConventions;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.Authenticator;
import org.keycloak.email.freemarker.beans.ProfileBean;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.TokenUtil;

/**
 * "Tenant selection": the browser-flow step that decides the active tenant of the login, after the user is known.
 * Order of precedence (see docs/ARCHITECTURE.md, "A login"):
 * <ol>
 *   <li>an explicit request, {@code scope=organization:<alias>}: the user must be an enabled member, otherwise the
 *       login ends with an {@code access_denied} redirect to the client (Keycloak itself drops such a scope silently);</li>
 *   <li>the tenant the user picked on Keycloak's organization picker in this login;</li>
 *   <li>the tenant owning the domain of the {@code login_hint} email, if the user is its member;</li>
 *   <li>the user's only tenant;</li>
 *   <li>optionally (execution config "show tenant picker"), the tenant the user picks on the tenant picker, shown
 *       by this step when the user has several enabled tenants: the login theme's {@code select-organization.ftl},
 *       the same page and field ({@code kc.org} = alias) as Keycloak's organization picker, so the {@code tenancy}
 *       theme's picker (logos, search, last tenant marked) serves both;</li>
 *   <li>otherwise, optionally (execution config "remember last tenant"), the tenant the user chose last time.</li>
 * </ol>
 * A silent request ({@code prompt=none}: keycloak-js's check-sso on a page reload) cannot show the picker: it takes
 * the remembered last tenant, and without one ends with {@code interaction_required} (not Keycloak's
 * {@code login_required} for any page: the user is signed in, only the tenant choice is missing).
 * The choice is stored as the client note {@code kc.org}, the same place Keycloak's picker uses, from where the first
 * token of the chain takes it. It must run on every browser login, SSO re-entries included, so it belongs AFTER the
 * alternatives (cookie, forms), as a REQUIRED step of the top-level flow. A tenant picked on the picker goes
 * through the same membership check and {@code select} as every other choice.
 *
 * <p>Nothing before the first factor: a flow can name the user without authenticating them (an identity-first
 * username form sets the user as soon as a known name is typed). If this step runs then (a flow that places it
 * between the username and the password), it reveals nothing: no picker, no refusal of a requested tenant (that
 * would tell membership), no choice, no last tenant read or written; it lets the flow go on and logs a warning. The
 * requested tenant is still enforced when the token is issued ({@code TenantTokenPostProcessor}). See
 * {@link FirstFactor}.</p>
 */
public class TenantSelectorAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(TenantSelectorAuthenticator.class);

    /** User attribute holding the id of the tenant the user chose last (only with "remember last tenant"). */
    public static final String LAST_TENANT_ATTRIBUTE = TenancyConventions.LAST_TENANT_ATTRIBUTE;
    /** The login theme's picker page: Keycloak's name, so every theme has one (the tenancy theme's is richer). */
    public static final String PICKER_TEMPLATE = "select-organization.ftl";
    /** The picker's field: Keycloak's, the chosen tenant's alias. */
    public static final String PICKER_FIELD = OrganizationModel.ORGANIZATION_ATTRIBUTE;
    /** Message key (tenancy login theme) shown when the posted tenant may not be used. */
    public static final String TENANT_NOT_AVAILABLE_MESSAGE = "tenancyTenantNotAvailable";

    private final KeycloakSession session;

    public TenantSelectorAuthenticator(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (!Organizations.isEnabled(session) || user == null) {
            context.success();
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (!FirstFactor.passed(authSession)) {
            skipBeforeFirstFactor(context);
            return;
        }
        OrganizationProvider organizations = Organizations.getProvider(session);

        List<String> requested = RequestedTenants.inScope(authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM));
        for (String alias : requested) {
            OrganizationModel tenant = organizations.getByAlias(alias);
            if (!isActiveMembership(tenant, user)) {
                deny(context, alias);
            }
        }
        Optional<OrganizationModel> selected = requested.size() == 1
                ? Optional.of(organizations.getByAlias(requested.get(0)))
                : requested.isEmpty() ? chooseWithoutRequest(context, organizations, user) : Optional.empty();
        if (selected.isEmpty() && requested.isEmpty()) {
            if (showTenantPicker(context) && !isPassive(authSession)) {
                if (challengeWithPicker(context, organizations, user, null)) {
                    return;
                }
            } else {
                selected = lastTenant(context, organizations, user);
                if (selected.isEmpty() && showTenantPicker(context) && hasSeveralTenants(organizations, user)) {
                    requireInteraction(context);
                }
            }
        }
        selected.ifPresent(tenant -> select(context, tenant, user));
        context.success();
    }

    /**
     * The user is named but not authenticated: this execution sits before the first factor. Answering now in any way
     * that depends on the user (picker, refusal, choice) would disclose the account and its memberships to whoever
     * typed the name, so the step passes without looking at the user at all.
     */
    private void skipBeforeFirstFactor(AuthenticationFlowContext context) {
        LOG.warnf(
                "'Tenant selection' ran before the user was authenticated (flow of realm %s, execution %s): it chose "
                        + "nothing. Place it after the authentication alternatives.",
                context.getRealm().getName(), context.getExecution().getId());
        context.success();
    }

    /** Shows the tenant picker when the user has at least two enabled tenants; false (nothing shown) otherwise. */
    private boolean challengeWithPicker(
            AuthenticationFlowContext context, OrganizationProvider organizations, UserModel user, String error) {
        if (!hasSeveralTenants(organizations, user)) {
            return false;
        }
        // "user" as Keycloak's organization step sets it: any theme's select-organization.ftl can list the tenants
        LoginFormsProvider form = context.form().setAttribute("user", new ProfileBean(user, session));
        if (error != null) {
            form.setError(error);
        }
        context.challenge(form.createForm(PICKER_TEMPLATE));
        return true;
    }

    private Optional<OrganizationModel> chooseWithoutRequest(
            AuthenticationFlowContext context, OrganizationProvider organizations, UserModel user) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String picked = authSession.getClientNote(OrganizationModel.ORGANIZATION_ATTRIBUTE);
        if (picked != null) {
            OrganizationModel tenant = organizations.getById(picked);
            return isActiveMembership(tenant, user) ? Optional.of(tenant) : Optional.empty();
        }
        String loginHint = authSession.getClientNote(OIDCLoginProtocol.LOGIN_HINT_PARAM);
        String hintDomain = loginHint == null ? null : Organizations.getEmailDomain(loginHint);
        if (hintDomain != null) {
            OrganizationModel byDomain = organizations.getByDomainName(hintDomain);
            if (isActiveMembership(byDomain, user)) {
                return Optional.of(byDomain);
            }
        }
        List<OrganizationModel> firstTwo = organizations
                .getByMember(user)
                .filter(OrganizationModel::isEnabled)
                .limit(2)
                .toList();
        if (firstTwo.size() == 1) {
            return Optional.of(firstTwo.get(0));
        }
        return Optional.empty();
    }

    private Optional<OrganizationModel> lastTenant(
            AuthenticationFlowContext context, OrganizationProvider organizations, UserModel user) {
        if (rememberLastTenant(context)) {
            String lastId = user.getFirstAttribute(LAST_TENANT_ATTRIBUTE);
            OrganizationModel last = lastId == null ? null : organizations.getById(lastId);
            if (isActiveMembership(last, user)) {
                return Optional.of(last);
            }
        }
        return Optional.empty();
    }

    private void select(AuthenticationFlowContext context, OrganizationModel tenant, UserModel user) {
        context.getAuthenticationSession().setClientNote(OrganizationModel.ORGANIZATION_ATTRIBUTE, tenant.getId());
        session.getContext().setOrganization(tenant);
        if (rememberLastTenant(context) && !tenant.getId().equals(user.getFirstAttribute(LAST_TENANT_ATTRIBUTE))) {
            user.setSingleAttribute(LAST_TENANT_ATTRIBUTE, tenant.getId());
        }
    }

    /**
     * Ends the login with an {@code access_denied} redirect to the client. Thrown rather than returned as a challenge:
     * Keycloak turns any challenge of a {@code prompt=none} request into {@code login_required}, but returns the
     * response of a failed flow as it is; it also records the LOGIN_ERROR event with our details.
     */
    private void deny(AuthenticationFlowContext context, String alias) {
        context.getEvent()
                .detail(TenancyConventions.EventDetails.TENANT, alias)
                .detail(TenancyConventions.EventDetails.REASON, "tenant_not_allowed");
        endWithError(
                context,
                LoginProtocol.Error.CONSENT_DENIED,
                "The user is not an active member of the requested tenant '" + alias + "'");
    }

    /**
     * A silent request ({@code prompt=none}, e.g. keycloak-js's check-sso) of a user who has to pick a tenant and has no
     * remembered one: no page may be shown, and Keycloak would turn the picker into {@code login_required}, telling the
     * client that nobody is signed in. The user IS signed in; what is missing is a choice only the user can make, which
     * OpenID Connect calls {@code interaction_required}: the client asks again interactively, or names the tenant.
     */
    private void requireInteraction(AuthenticationFlowContext context) {
        context.getEvent().detail(TenancyConventions.EventDetails.REASON, "tenant_choice_required");
        endWithError(context, LoginProtocol.Error.PASSIVE_INTERACTION_REQUIRED, null);
    }

    /** Ends the login with the protocol's error redirect to the client (thrown: see {@link #deny}). */
    private void endWithError(AuthenticationFlowContext context, LoginProtocol.Error error, String description) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        LoginProtocol protocol = session.getProvider(LoginProtocol.class, authSession.getProtocol());
        protocol.setRealm(context.getRealm())
                .setHttpHeaders(context.getHttpRequest().getHttpHeaders())
                .setUriInfo(context.getUriInfo())
                .setEventBuilder(context.getEvent());
        Response redirect = protocol.sendError(authSession, error, description);
        throw new AuthenticationFlowException(AuthenticationFlowError.GENERIC_AUTHENTICATION_ERROR, redirect);
    }

    /** {@code prompt=none}: the client only checks for a session; no page of ours may be shown. */
    private static boolean isPassive(AuthenticationSessionModel authSession) {
        return TokenUtil.hasPrompt(
                authSession.getClientNote(OIDCLoginProtocol.PROMPT_PARAM), OIDCLoginProtocol.PROMPT_VALUE_NONE);
    }

    private static boolean hasSeveralTenants(OrganizationProvider organizations, UserModel user) {
        return organizations
                        .getByMember(user)
                        .filter(OrganizationModel::isEnabled)
                        .limit(2)
                        .count()
                >= 2;
    }

    private static boolean isActiveMembership(OrganizationModel tenant, UserModel user) {
        return tenant != null && tenant.isEnabled() && tenant.isMember(user);
    }

    private static boolean rememberLastTenant(AuthenticationFlowContext context) {
        return configured(context, TenantSelectorAuthenticatorFactory.REMEMBER_LAST_TENANT);
    }

    private static boolean showTenantPicker(AuthenticationFlowContext context) {
        return configured(context, TenantSelectorAuthenticatorFactory.SHOW_TENANT_PICKER);
    }

    private static boolean configured(AuthenticationFlowContext context, String flag) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        return config != null
                && config.getConfig() != null
                && Boolean.parseBoolean(config.getConfig().get(flag));
    }

    /**
     * The tenant picker's answer: {@code kc.org} = the alias of an enabled tenant of the user, selected like any other
     * choice; anything else shows the picker again with an error. Without that field: as {@link #authenticate}.
     */
    @Override
    public void action(AuthenticationFlowContext context) {
        String alias = context.getHttpRequest().getDecodedFormParameters().getFirst(PICKER_FIELD);
        UserModel user = context.getUser();
        if (alias == null
                || user == null
                || !Organizations.isEnabled(session)
                || !showTenantPicker(context)
                || !FirstFactor.passed(context.getAuthenticationSession())) {
            authenticate(context);
            return;
        }
        OrganizationProvider organizations = Organizations.getProvider(session);
        OrganizationModel tenant = organizations.getByAlias(alias);
        if (!isActiveMembership(tenant, user)) {
            if (!challengeWithPicker(context, organizations, user, TENANT_NOT_AVAILABLE_MESSAGE)) {
                authenticate(context);
            }
            return;
        }
        select(context, tenant, user);
        context.success();
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
