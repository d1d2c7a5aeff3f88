package dev.tenancy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.TestRealm;
import java.util.List;
import java.util.Map;

/**
 * Fixtures and calls for the tenant API ITs: a public client with the active-tenant mapper, tokens per (user,
 * tenant), realm admins of the test realm, tenant groups carrying tenant permissions, and plain HTTP calls to
 * {@code /realms/{realm}/tenants}.
 */
public final class TenantApi {

    public static final String APP = "tenant-app";
    static final String PERMISSIONS_CLIENT = "tenancy-permissions";

    public final TestRealm realm;
    final String appUuid;
    public final String permissionsUuid;

    private TenantApi(TestRealm realm, String appUuid, String permissionsUuid) {
        this.realm = realm;
        this.appUuid = appUuid;
        this.permissionsUuid = permissionsUuid;
    }

    /** Sets up the realm once per test class: the app client and stored admin and user events with details. */
    public static TenantApi setUp(TestRealm realm) {
        String app = realm.createPublicClient(APP);
        realm.allowTenantApi(app);
        realm.addActiveTenantMapper(app);
        realm.adminOk(
                "PUT",
                "/events/config",
                Map.of(
                        "adminEventsEnabled",
                        true,
                        "adminEventsDetailsEnabled",
                        true,
                        "eventsEnabled",
                        true,
                        "eventsListeners",
                        List.of("jboss-logging"),
                        "enabledEventTypes",
                        List.of(
                                "LOGIN",
                                "LOGIN_ERROR",
                                "CODE_TO_TOKEN",
                                "CODE_TO_TOKEN_ERROR",
                                "REFRESH_TOKEN",
                                "REFRESH_TOKEN_ERROR",
                                "TOKEN_EXCHANGE",
                                "LOGOUT",
                                "REGISTER",
                                "INVITE_ORG")));
        return new TenantApi(realm, app, clientUuid(realm, PERMISSIONS_CLIENT));
    }

    public static String clientUuid(TestRealm realm, String clientId) {
        List<Object> clients =
                realm.adminCall("GET", "/clients?clientId=" + clientId, null).jsonList();
        assertThat(clients).as("client " + clientId + " exists").hasSize(1);
        return String.valueOf(((Map<?, ?>) clients.get(0)).get("id"));
    }

    /** A user of this realm holding realm-management manage-realm: a realm admin for the tenant API. */
    public String createRealmAdmin(String username) {
        return createRealmAdmin(username, "manage-realm");
    }

    /** A user of this realm holding the given realm-management role. */
    public String createRealmAdmin(String username, String realmManagementRole) {
        String id = realm.createUser(username, username + "@realm.test");
        String rm = clientUuid(realm, "realm-management");
        Map<String, Object> role = realm.adminCall("GET", "/clients/" + rm + "/roles/" + realmManagementRole, null)
                .json();
        realm.adminOk("POST", "/users/" + id + "/role-mappings/clients/" + rm, List.of(role));
        return id;
    }

    /** An organization group of {@code tenantId} carrying the given tenant permissions; returns its id. */
    public String groupWithPermissions(String tenantId, String name, String... permissions) {
        String group = realm.createOrganizationGroup(tenantId, name);
        for (String permission : permissions) {
            realm.grantClientRoleToOrganizationGroup(tenantId, group, permissionsUuid, permission);
        }
        return group;
    }

    /** A member of the tenant, in the given groups. */
    public String member(String tenantId, String username, String... groupIds) {
        String id = realm.createUser(username, username + "@users.test");
        realm.addMember(tenantId, id);
        for (String group : groupIds) {
            realm.joinOrganizationGroup(tenantId, group, id);
        }
        return id;
    }

    /** An access token acting in {@code alias} (scope {@code organization:<alias>}), or tenant-less when null. */
    public String token(String username, String alias) {
        return token(APP, username, alias);
    }

    /** An access token of client {@code clientId} acting in {@code alias}, or tenant-less when null. */
    public String token(String clientId, String username, String alias) {
        Http.Response response =
                realm.passwordGrant(clientId, username, alias == null ? "openid" : "openid organization:" + alias);
        assertThat(response.status())
                .as("token of " + username + " in " + alias + ": " + response)
                .isEqualTo(200);
        return response.string("access_token");
    }

    /**
     * Another public client with the active-tenant mapper: {@code fullScope} false leaves every role out of its role
     * scope but what its client scopes map; {@code tenantApiScope} adds the client scope {@code tenancy-admin}.
     */
    public String otherClient(String clientId, boolean fullScope, boolean tenantApiScope) {
        String uuid = realm.adminCreate(
                "/clients",
                Map.of(
                        "clientId",
                        clientId,
                        "publicClient",
                        true,
                        "directAccessGrantsEnabled",
                        true,
                        "fullScopeAllowed",
                        fullScope));
        realm.addActiveTenantMapper(uuid);
        if (tenantApiScope) {
            realm.allowTenantApi(uuid);
        }
        return uuid;
    }

    public Http.Response call(String method, String path, Object body, String token) {
        return Http.json(method, realm.url() + "/tenants" + path, body, token == null ? Map.of() : Http.bearer(token));
    }

    public Http.Response get(String path, String token) {
        return call("GET", path, null, token);
    }

    /** Admin events of the realm whose resource path starts with {@code organizations/<tenantId>}. */
    public List<Object> adminEvents(String tenantId) {
        return realm.adminCall("GET", "/admin-events?resourcePath=organizations/" + tenantId + "*&max=500", null)
                .jsonList();
    }

    public static void assertError(Http.Response response, int status, String error) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.json())
                .as(response.toString())
                .containsEntry("error", error)
                .containsKey("error_description");
    }
}
