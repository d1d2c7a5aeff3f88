package dev.tenancy.context;

import dev.tenancy.context.policy.TenantEntry;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.representations.RefreshToken;

/**
 * Switching the active tenant of a token chain on refresh: {@code grant_type=refresh_token&tenant=<alias>}.
 *
 * <p>How: the chain's tenant is the refresh token's {@code organization} claim (see {@link ActiveTenant}). A switch
 * re-points that claim, in the parsed token of THIS request only, to the target tenant after checking that the tenant
 * exists in this realm, is enabled and has the user as a member. Keycloak's refresh then re-validates the target
 * ({@code TokenManager.validateSelectedOrganization}), the mappers issue tokens for it, and Keycloak's organization
 * post-processor copies it into the next refresh token: the chain continues in the new tenant, from any original
 * grant (stock Keycloak allows a switch only when the grant was {@code organization:*}). Scopes naming one tenant
 * ({@code organization:<alias>}) are re-pointed too, so the token's {@code scope} never names the old tenant.</p>
 *
 * <p>The target tenant's policy is re-checked ({@link TenantEntry}): a switch into a tenant that requires a second
 * factor or a verified email the session does not have is refused with {@code interaction_required}.</p>
 *
 * <p>Every switch is recorded on the refresh event: details {@code from_tenant} and {@code to_tenant}.</p>
 */
public final class TenantSwitch {

    /** Aliases are at most 255 characters in Keycloak's schema; anything else is not an alias. */
    private static final int MAX_ALIAS_LENGTH = 255;
    /** No whitespace, no URL delimiters, no control characters (NUL: PostgreSQL refuses it in a query parameter). */
    private static final Pattern ALIAS = Pattern.compile("[^\\s/?#%\\p{Cntrl}]{1," + MAX_ALIAS_LENGTH + "}");

    private static final String ORGANIZATION_SCOPE_PREFIX = OAuth2Constants.ORGANIZATION + ":";

    private TenantSwitch() {}

    /**
     * Applies a requested switch to {@code refreshToken} (the parsed, already signature-checked token of this request).
     * Does nothing when no {@code tenant} parameter was sent.
     *
     * @throws OAuthErrorException {@code invalid_request} for a malformed alias, {@code invalid_grant} when the tenant
     *         is unknown in this realm, disabled, or the user is not its member (one message for all three, so a caller
     *         cannot probe which tenants exist)
     */
    public static void apply(
            KeycloakSession session, String requestedAlias, RefreshToken refreshToken, EventBuilder event)
            throws OAuthErrorException {
        if (requestedAlias == null) {
            return;
        }
        if (!isWellFormedAlias(requestedAlias)) {
            throw new OAuthErrorException(
                    OAuthErrorException.INVALID_REQUEST,
                    "Invalid 'tenant' parameter: expected a tenant alias of 1-" + MAX_ALIAS_LENGTH + " characters");
        }
        if (!Organizations.isEnabled(session)) {
            throw new OAuthErrorException(OAuthErrorException.INVALID_REQUEST, "Tenants are not enabled in this realm");
        }
        UserModel user = refreshToken.getSubject() == null
                ? null
                : session.users().getUserById(session.getContext().getRealm(), refreshToken.getSubject());
        OrganizationModel target = Organizations.getProvider(session).getByAlias(requestedAlias);
        if (user == null || target == null || !target.isEnabled() || !target.isMember(user)) {
            event.detail(TenancyConventions.EventDetails.TO_TENANT, requestedAlias)
                    .detail(TenancyConventions.EventDetails.REASON, "tenant_switch_denied");
            throw new OAuthErrorException(
                    OAuthErrorException.INVALID_GRANT,
                    "Cannot switch to tenant '" + requestedAlias
                            + "': it is unknown, disabled, or the user is not a member");
        }
        // The target's policy (second factor, verified email): refused with interaction_required (step-up).
        TenantEntry.checkSwitch(session, target, user, refreshToken, event);
        Object from = refreshToken.getOtherClaims().get(OAuth2Constants.ORGANIZATION);
        refreshToken.getOtherClaims().put(OAuth2Constants.ORGANIZATION, target.getAlias());
        refreshToken.setScope(repointSingleTenantScopes(refreshToken.getScope(), target.getAlias()));
        event.detail(TenancyConventions.EventDetails.FROM_TENANT, from == null ? null : from.toString())
                .detail(TenancyConventions.EventDetails.TO_TENANT, target.getAlias());
    }

    /** Whether {@code alias} can be a tenant alias at all (checked before any lookup). */
    static boolean isWellFormedAlias(String alias) {
        return alias != null && ALIAS.matcher(alias).matches();
    }

    /** {@code "openid organization:acme"} becomes {@code "openid organization:globex"}; other scopes stay. */
    static String repointSingleTenantScopes(String scope, String alias) {
        if (scope == null) {
            return null;
        }
        return Arrays.stream(scope.split(" "))
                .map(s -> s.startsWith(ORGANIZATION_SCOPE_PREFIX) && !s.equals(ORGANIZATION_SCOPE_PREFIX + "*")
                        ? ORGANIZATION_SCOPE_PREFIX + alias
                        : s)
                .distinct()
                .collect(Collectors.joining(" "));
    }
}
