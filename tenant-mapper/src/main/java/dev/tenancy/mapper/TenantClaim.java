package dev.tenancy.mapper;

import dev.tenancy.context.TenantAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.OrganizationModel;

/** Builds the JSON value of the active-tenant claim from a member's {@link TenantAccess}. Pure; unit-tested. */
final class TenantClaim {

    private TenantClaim() {}

    static Map<String, Object> build(TenantAccess access, ActiveTenantMapperConfig config, Set<String> audience) {
        OrganizationModel tenant = access.tenant();
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("id", tenant.getId());
        claim.put("alias", tenant.getAlias());
        claim.put("name", tenant.getName());
        claim.put("roles", new ArrayList<>(access.realmRoles()));
        if (config.resourceAccess() != ActiveTenantMapperConfig.ResourceAccess.NONE) {
            Map<String, Object> resourceAccess = new LinkedHashMap<>();
            access.clientRoles().forEach((clientId, roles) -> {
                if (config.resourceAccess() == ActiveTenantMapperConfig.ResourceAccess.ALL
                        || audience.contains(clientId)) {
                    resourceAccess.put(clientId, Map.of("roles", new ArrayList<>(roles)));
                }
            });
            claim.put("resource_access", resourceAccess);
        }
        if (config.includeGroups()) {
            claim.put("groups", access.groups());
        }
        if (!config.attributes().isEmpty()) {
            Map<String, List<String>> all = tenant.getAttributes();
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (String name : config.attributes()) {
                List<String> values = all == null ? null : all.get(name);
                if (values != null && !values.isEmpty()) {
                    attributes.put(name, values.size() == 1 ? values.get(0) : List.copyOf(values));
                }
            }
            claim.put("attributes", attributes);
        }
        return claim;
    }
}
