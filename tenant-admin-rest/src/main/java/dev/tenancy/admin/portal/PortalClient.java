package dev.tenancy.admin.portal;

import dev.tenancy.admin.bootstrap.PublicClientSettings;
import dev.tenancy.context.TenancyConventions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * Keeps the client {@value PortalClientSettings#CLIENT_ID} in a realm: creates it, or brings it to
 * {@link PortalClientSettings#required} where it differs (writes only what differs, so it is cheap on every start,
 * and two nodes doing it at once write the same values). Called by {@code TenancyClients} after the permissions client
 * and the tenant-API scope exist.
 */
public final class PortalClient {

    private static final Logger LOG = Logger.getLogger(PortalClient.class);
    static final String MAPPER_NAME = "active tenant";

    private PortalClient() {}

    public static void ensure(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(PortalClientSettings.CLIENT_ID);
        if (client == null) {
            client = realm.addClient(PortalClientSettings.CLIENT_ID);
            client.setName("Tenant admin portal");
            client.setDescription("The tenant admin portal at /realms/" + realm.getName() + "/tenants/portal/");
            // publishes Keycloak's protocol event: the realm's default client scopes (basic, web-origins, ...) are
            // added
            client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
            client.setEnabled(true);
            client.setBaseUrl(PortalClientSettings.portalPath(realm.getName()));
            client.setAttribute(TenancyConventions.ATTRIBUTE_PREFIX + "managed", "true");
        }
        ClientModel realmManagement = realm.getClientByClientId(PortalClientSettings.REALM_MANAGEMENT);
        PortalClientSettings required = PortalClientSettings.required(realm.getName(), realmManagement != null);
        PortalClientSettings actual = of(realm, client);
        List<String> drift = required.drift(actual);
        if (drift.isEmpty()) {
            return;
        }
        LOG.infof(
                "Realm %s: setting %s of client %s to the required values",
                realm.getName(), drift, PortalClientSettings.CLIENT_ID);
        required.client().applyTo(client);
        client.setAttribute(PortalClientSettings.COOKIE_MODE_ATTRIBUTE, required.cookieMode());
        for (String extra : required.extraScopeMappings(actual)) {
            RoleModel role = role(realm, extra);
            if (role != null) {
                client.deleteScopeMapping(role);
            } else {
                client.getScopeMappingsStream()
                        .filter(r -> qualifiedName(r).equals(extra))
                        .toList()
                        .forEach(client::deleteScopeMapping);
            }
        }
        for (String missing : required.missingScopeMappings(actual)) {
            RoleModel role = role(realm, missing);
            if (role != null) {
                client.addScopeMapping(role);
            }
        }
        if (!actual.tenantApiScopeDefault()) {
            ClientScopeModel scope = realm.getClientScopesStream()
                    .filter(s -> TenancyConventions.TENANT_API_SCOPE.equals(s.getName()))
                    .findFirst()
                    .orElse(null);
            if (scope != null) {
                if (client.getClientScopes(false).containsKey(scope.getName())) {
                    client.removeClientScope(scope); // optional: made default
                }
                client.addClientScope(scope, true);
            }
        }
        if (!actual.activeTenantMapper()) {
            client.addProtocolMapper(activeTenantMapper());
        }
    }

    static PortalClientSettings of(RealmModel realm, ClientModel client) {
        Set<String> mappings =
                client.getScopeMappingsStream().map(PortalClient::qualifiedName).collect(Collectors.toSet());
        boolean mapper = client.getProtocolMappersStream()
                .anyMatch(m -> TenancyConventions.ACTIVE_TENANT_MAPPER_ID.equals(m.getProtocolMapper()));
        return new PortalClientSettings(
                PublicClientSettings.of(client),
                client.getAttribute(PortalClientSettings.COOKIE_MODE_ATTRIBUTE),
                mappings,
                client.getClientScopes(true).containsKey(TenancyConventions.TENANT_API_SCOPE),
                mapper);
    }

    /** {@code clientId/roleName} for a client role, {@code roleName} for a realm role. */
    static String qualifiedName(RoleModel role) {
        return role.isClientRole() && role.getContainer() instanceof ClientModel owner
                ? owner.getClientId() + "/" + role.getName()
                : role.getName();
    }

    private static RoleModel role(RealmModel realm, String qualifiedName) {
        int slash = qualifiedName.indexOf('/');
        if (slash < 0) {
            return realm.getRole(qualifiedName);
        }
        ClientModel owner = realm.getClientByClientId(qualifiedName.substring(0, slash));
        return owner == null ? null : owner.getRole(qualifiedName.substring(slash + 1));
    }

    /** The "Active tenant" mapper with every option explicit (as the realm setup's client scope writes it). */
    private static ProtocolMapperModel activeTenantMapper() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("claim.name", TenancyConventions.DEFAULT_TENANT_CLAIM);
        config.put("access.token.claim", "true");
        config.put("id.token.claim", "true");
        config.put("userinfo.token.claim", "true");
        config.put("introspection.token.claim", "true");
        config.put("includeGroups", "true");
        config.put("resourceAccess", "audience");
        config.put("tenantsClaim", "false");
        ProtocolMapperModel mapper = new ProtocolMapperModel();
        mapper.setName(MAPPER_NAME);
        mapper.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        mapper.setProtocolMapper(TenancyConventions.ACTIVE_TENANT_MAPPER_ID);
        mapper.setConfig(config);
        return mapper;
    }
}
