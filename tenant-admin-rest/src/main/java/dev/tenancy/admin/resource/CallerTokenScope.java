package dev.tenancy.admin.resource;

import dev.tenancy.context.ActiveTenantMapperDefaults;
import dev.tenancy.context.TenancyConventions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RoleModel;
import org.keycloak.representations.AccessToken;

/**
 * What the caller's access token was issued for: its client, the OAuth scopes it carries and the client scopes behind
 * them. Keycloak's own admin API counts a role only when it is in the client's role scope
 * ({@code AdminAuth.hasAppRole}); the tenant API does the same, and also counts the scope mappings of the client
 * scopes the token was issued with, as Keycloak does when it puts roles into a token.
 *
 * <p>It also knows where the token's active tenant is: under the claim name configured on the "Active tenant" mappers
 * of that client and of its client scopes (a documented option; a fixed name would make a renamed claim unusable).
 * Only our mapper's claims count: a claim of the same name written by another mapper (a user attribute, say) is
 * never read.</p>
 */
final class CallerTokenScope {

    private final ClientModel client;
    private final Set<String> scopeNames;
    private final List<ClientScopeModel> clientScopes;

    private CallerTokenScope(ClientModel client, Set<String> scopeNames, List<ClientScopeModel> clientScopes) {
        this.client = client;
        this.scopeNames = scopeNames;
        this.clientScopes = clientScopes;
    }

    static CallerTokenScope of(ClientModel client, AccessToken token) {
        Set<String> names = new LinkedHashSet<>();
        String scope = token.getScope();
        if (scope != null) {
            names.addAll(Arrays.asList(scope.trim().split("\\s+")));
        }
        List<ClientScopeModel> scopes = new ArrayList<>();
        if (client != null) {
            // default scopes are in every token of the client; optional ones only when requested (then named in
            // "scope")
            scopes.addAll(client.getClientScopes(true).values());
            client.getClientScopes(false).entrySet().stream()
                    .filter(entry -> names.contains(entry.getKey()))
                    .map(Map.Entry::getValue)
                    .forEach(scopes::add);
        }
        return new CallerTokenScope(client, Set.copyOf(names), List.copyOf(scopes));
    }

    /** Whether the token carries the OAuth scope {@code name} (its {@code scope} claim). */
    boolean hasScope(String name) {
        return scopeNames.contains(name);
    }

    /** The client the token was issued to, or null when it no longer exists. */
    ClientModel client() {
        return client;
    }

    /** Whether {@code role} is in the role scope of this token: the client's own, or that of its client scopes. */
    boolean allowsRole(RoleModel role) {
        if (client == null || role == null) {
            return false;
        }
        return client.hasScope(role) || clientScopes.stream().anyMatch(scope -> scope.hasScope(role));
    }

    /**
     * The names of the active-tenant claims our mappers put into this token. The mapper writes its claim under the
     * configured name as one top-level key (a dot in it does not nest), so that is where it is read.
     */
    List<String> activeTenantClaimNames() {
        if (client == null) {
            return List.of();
        }
        return Stream.concat(
                        client.getProtocolMappersStream(),
                        clientScopes.stream().flatMap(ClientScopeModel::getProtocolMappersStream))
                .filter(mapper -> TenancyConventions.ACTIVE_TENANT_MAPPER_ID.equals(mapper.getProtocolMapper()))
                .filter(CallerTokenScope::inAccessToken)
                .map(CallerTokenScope::claimName)
                .distinct()
                .toList();
    }

    /** The active tenant's alias under {@link #activeTenantClaimNames()}, or null (none, or two that disagree). */
    String activeTenantAlias(AccessToken token) {
        String found = null;
        for (String name : activeTenantClaimNames()) {
            Object claim = token.getOtherClaims().get(name);
            if (claim instanceof Map<?, ?> tenant && tenant.get("alias") instanceof String alias) {
                if (found != null && !found.equals(alias)) {
                    return null; // cannot happen with our mappers (one active tenant per token); never guess
                }
                found = alias;
            }
        }
        return found;
    }

    /** With the mapper's defaults: an unset option puts the claim into the access token, as the mapper does. */
    private static boolean inAccessToken(ProtocolMapperModel mapper) {
        return ActiveTenantMapperDefaults.inAccessToken(mapper.getConfig());
    }

    private static String claimName(ProtocolMapperModel mapper) {
        return ActiveTenantMapperDefaults.claimName(mapper.getConfig());
    }
}
