package dev.tenancy.it.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.TestRealm;
import java.util.List;
import java.util.Map;

/**
 * Shared fixtures of the {@code TenantPolicy*IT} classes (no tests): a client with
 * the tenant and amr mappers, the {@code tenancy-permissions} client, policies written as a realm admin writes them
 * (organization attributes through the organization admin REST API).
 */
public final class TenantPolicyFixtures {

    public static final String REDIRECT = "http://localhost/callback";

    private TenantPolicyFixtures() {}

    /** A public client with the "Active tenant" and Keycloak's amr mappers. */
    public static String createAppClient(TestRealm realm, String clientId) {
        String app = realm.createPublicClient(clientId);
        realm.addActiveTenantMapper(app);
        realm.adminCreate(
                "/clients/" + app + "/protocol-mappers/models",
                Map.of(
                        "name",
                        "amr",
                        "protocol",
                        "openid-connect",
                        "protocolMapper",
                        "oidc-amr-mapper",
                        "config",
                        Map.of("access.token.claim", "true", "id.token.claim", "true")));
        return app;
    }

    /**
     * The id of the {@code tenancy-permissions} client with its composite {@code tenant-admin} role, which
     * tenant-admin-rest creates in every realm.
     */
    static String createPermissionsClient(TestRealm realm) {
        java.util.List<Object> clients = realm.adminCall("GET", "/clients?clientId=tenancy-permissions", null)
                .jsonList();
        if (clients.isEmpty()) {
            throw new AssertionError(
                    "tenant-admin-rest did not create the tenancy-permissions client in " + realm.name());
        }
        return (String) ((Map<?, ?>) clients.get(0)).get("id");
    }

    /** Makes {@code userId} a tenant admin of {@code organizationId} (its "admins" group holds tenant-admin). */
    static void makeTenantAdmin(TestRealm realm, String organizationId, String permissionsClient, String userId) {
        String admins = realm.createOrganizationGroup(organizationId, "admins");
        realm.grantClientRoleToOrganizationGroup(organizationId, admins, permissionsClient, "tenant-admin");
        realm.joinOrganizationGroup(organizationId, admins, userId);
    }

    public static void setPolicy(TestRealm realm, String organizationId, Map<String, List<String>> attributes) {
        Http.Response response = realm.putTenantPolicyAttributes(organizationId, attributes);
        assertThat(response.status()).as(response.toString()).isEqualTo(204);
    }

    public static Http.Response tokens(BrowserlessLogin browser, BrowserlessLogin.Result result) {
        assertThat(result.ok())
                .as("%s: %s\n%s", result.error(), result.errorDescription(), result.lastPage())
                .isTrue();
        Http.Response tokens = browser.exchange(result);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return tokens;
    }

    public static Map<String, Object> accessClaims(TestRealm realm, Http.Response tokens) {
        return Jwks.verify(realm.url(), tokens.string("access_token"));
    }

    @SuppressWarnings("unchecked")
    static String tenantAlias(Map<String, Object> claims) {
        Map<String, Object> tenant = (Map<String, Object>) claims.get("tenant");
        return tenant == null ? null : (String) tenant.get("alias");
    }

    /** Counts the pages that asked for a password (to tell a fresh login from an SSO re-entry). */
    static final class CountingUser implements BrowserlessLogin.FieldSource {
        private final BrowserlessLogin.FieldSource delegate;
        int passwordPages;
        int pages;

        CountingUser(BrowserlessLogin.FieldSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Map<String, String> valuesFor(String page) {
            pages++;
            if (page.contains("name=\"password\"")) {
                passwordPages++;
            }
            return delegate.valuesFor(page);
        }
    }
}
