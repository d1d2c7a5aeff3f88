package dev.tenancy.admin.setup;

import dev.tenancy.context.TenancyConventions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * The client scope {@code tenancy-tenant} with the "Active tenant" mapper, written with its whole configuration (claim
 * {@code tenant} in the access token, ID token, userinfo and introspection), so that it never depends on defaults
 * only the console fills in. Clients add it (optional scope: requested as {@code scope=tenancy-tenant}; or a default
 * scope of the clients the call names). An existing mapper of the scope is left as the admin configured it.
 */
final class TenantScopeStep implements SetupStep {

    static final String NAME = "client-scope";
    public static final String SCOPE = "tenancy-tenant";
    static final String MAPPER_NAME = "active tenant";

    /** The mapper's configuration, every key explicit (docs/setup/client-scope.json has the same). */
    static Map<String, String> mapperConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("claim.name", TenancyConventions.DEFAULT_TENANT_CLAIM);
        config.put("access.token.claim", "true");
        config.put("id.token.claim", "true");
        config.put("userinfo.token.claim", "true");
        config.put("introspection.token.claim", "true");
        config.put("includeGroups", "true");
        config.put("resourceAccess", "audience");
        config.put("tenantsClaim", "false");
        return config;
    }

    @Override
    public PlannedStep plan(KeycloakSession session, RealmModel realm, SetupOptions options) {
        ClientScopeModel scope = realm.getClientScopesStream()
                .filter(s -> SCOPE.equals(s.getName()))
                .findFirst()
                .orElse(null);
        if (scope != null && !OIDCLoginProtocol.LOGIN_PROTOCOL.equals(scope.getProtocol())) {
            return PlannedStep.refused(
                    NAME,
                    "The client scope '" + SCOPE + "' exists with protocol '" + scope.getProtocol()
                            + "'; rename or delete it, then run setup again.");
        }
        List<ClientModel> clients = new ArrayList<>();
        for (String clientId : options.defaultScopeClients()) {
            ClientModel client = realm.getClientByClientId(clientId);
            if (client == null) {
                return PlannedStep.refused(
                        NAME,
                        "No client '" + clientId + "' in this realm (defaultScopeClients takes "
                                + "client ids, not UUIDs).");
            }
            if (!OIDCLoginProtocol.LOGIN_PROTOCOL.equals(client.getProtocol())) {
                return PlannedStep.refused(NAME, "The client '" + clientId + "' is not an OpenID Connect client.");
            }
            if (scope == null || !client.getClientScopes(true).containsKey(SCOPE)) {
                clients.add(client);
            }
        }
        boolean hasMapper = scope != null
                && scope.getProtocolMappersStream()
                        .anyMatch(m -> TenancyConventions.ACTIVE_TENANT_MAPPER_ID.equals(m.getProtocolMapper()));
        List<String> changes = new ArrayList<>();
        if (scope == null) {
            changes.add(
                    "create the client scope '" + SCOPE + "' with the 'Active tenant' mapper (claim 'tenant' in access "
                            + "token, ID token, userinfo and introspection)");
        } else if (!hasMapper) {
            changes.add("add the 'Active tenant' mapper to the client scope '" + SCOPE + "'");
        }
        if (!clients.isEmpty()) {
            changes.add("add it as a default scope to "
                    + clients.stream().map(c -> "'" + c.getClientId() + "'").toList());
        }
        if (changes.isEmpty()) {
            return PlannedStep.unchanged(
                    NAME,
                    "The client scope '" + SCOPE + "' has the 'Active tenant' mapper"
                            + (options.defaultScopeClients().isEmpty()
                                    ? ""
                                    : " and is a default scope of the named clients")
                            + "; clients add it (as an optional scope: request scope=" + SCOPE + ").");
        }
        String message = capitalise(String.join("; ", changes)) + ".";
        return PlannedStep.write(NAME, scope == null ? StepStatus.CREATED : StepStatus.UPDATED, message, true, () -> {
            ClientScopeModel target = Objects.requireNonNullElseGet(
                    realm.getClientScopesStream()
                            .filter(s -> SCOPE.equals(s.getName()))
                            .findFirst()
                            .orElse(null),
                    () -> createScope(realm));
            if (target.getProtocolMappersStream()
                    .noneMatch(m -> TenancyConventions.ACTIVE_TENANT_MAPPER_ID.equals(m.getProtocolMapper()))) {
                target.addProtocolMapper(mapper());
            }
            clients.forEach(client -> client.addClientScope(target, true));
        });
    }

    private static ClientScopeModel createScope(RealmModel realm) {
        ClientScopeModel scope = realm.addClientScope(SCOPE);
        scope.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        scope.setDescription(
                "The active tenant (Keycloak Tenancy): claim 'tenant' with the tenant and the user's roles in it");
        scope.setIncludeInTokenScope(true);
        scope.setDisplayOnConsentScreen(false);
        return scope;
    }

    private static ProtocolMapperModel mapper() {
        ProtocolMapperModel mapper = new ProtocolMapperModel();
        mapper.setName(MAPPER_NAME);
        mapper.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        mapper.setProtocolMapper(TenancyConventions.ACTIVE_TENANT_MAPPER_ID);
        mapper.setConfig(new LinkedHashMap<>(mapperConfig()));
        return mapper;
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
