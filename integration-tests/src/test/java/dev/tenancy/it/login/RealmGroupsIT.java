package dev.tenancy.it.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.KeycloakServer;
import dev.tenancy.testsupport.TestRealm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The datastore adapter {@code tenancy} (tenant-mapper {@code groups}) answers a user's realm groups from one query per
 * request instead of Keycloak's cached walk of all the user's groups: Keycloak's answers must stay Keycloak's. A user
 * in 30 tenants and a user in one, both in the realm sub-group {@code /staff/berlin} and the organization group
 * {@code admins} of tenant t00: the same group roles (inherited from the parent group; organization-group roles never
 * at the top level), the same attributes inherited through groups (a custom user-attribute mapper and the
 * {@code profile} scope's {@code locale}), the same Groups tab of the console, and a membership change seen by the
 * next refresh.
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class RealmGroupsIT {

    static final String APP = "groups-app";
    static final String SCOPE = "openid profile organization:t00";
    static final int TENANTS = 30;

    static String manyId;
    static String oneId;
    static String staffId;
    static String opsId;
    static final List<String> tenantIds = new java.util.ArrayList<>();

    @BeforeAll
    static void setUp(TestRealm realm) {
        String app = realm.createPublicClient(APP);
        realm.addActiveTenantMapper(app);
        realm.adminCreate(
                "/clients/" + app + "/protocol-mappers/models",
                Map.of(
                        "name",
                        "department",
                        "protocol",
                        "openid-connect",
                        "protocolMapper",
                        "oidc-usermodel-attribute-mapper",
                        "config",
                        Map.of(
                                "user.attribute",
                                "department",
                                "claim.name",
                                "department",
                                "jsonType.label",
                                "String",
                                "access.token.claim",
                                "true")));

        realm.createRealmRole("staff-role");
        realm.createRealmRole("ops-role");
        realm.createRealmRole("org-admin-role");
        staffId = realm.adminCreate(
                "/groups", Map.of("name", "staff", "attributes", Map.of("department", List.of("engineering"))));
        String berlinId = realm.adminCreate(
                "/groups/" + staffId + "/children",
                Map.of("name", "berlin", "attributes", Map.of("locale", List.of("de"))));
        grantRealmRole(realm, "/groups/" + staffId, "staff-role");
        opsId = realm.adminCreate("/groups", Map.of("name", "ops"));
        grantRealmRole(realm, "/groups/" + opsId, "ops-role");

        manyId = realm.createUser("many", "many@groups.test");
        oneId = realm.createUser("one", "one@groups.test");
        for (int i = 0; i < TENANTS; i++) {
            String tenant = realm.createOrganization(String.format("t%02d", i), String.format("Tenant %02d", i));
            tenantIds.add(tenant);
            realm.addMember(tenant, manyId);
            if (i == 0) {
                realm.addMember(tenant, oneId);
                String admins = realm.createOrganizationGroup(tenant, "admins");
                realm.grantRealmRoleToOrganizationGroup(tenant, admins, "org-admin-role");
                realm.joinOrganizationGroup(tenant, admins, manyId);
                realm.joinOrganizationGroup(tenant, admins, oneId);
            }
        }
        realm.adminOk("PUT", "/users/" + manyId + "/groups/" + berlinId, null);
        realm.adminOk("PUT", "/users/" + oneId + "/groups/" + berlinId, null);
    }

    private static void grantRealmRole(TestRealm realm, String path, String roleName) {
        Map<String, Object> role =
                realm.adminCall("GET", "/roles/" + roleName, null).json();
        realm.adminOk("POST", path + "/role-mappings/realm", List.of(role));
    }

    @Test
    void groupRolesAndInheritedAttributesAreKeycloaksWhateverTheTenantCount(TestRealm realm) {
        for (String user : List.of("many", "one")) {
            Http.Response login = realm.passwordGrant(APP, user, SCOPE);
            assertThat(login.status()).as(user + ": " + login).isEqualTo(200);
            for (Map<String, Object> token : List.of(
                    accessToken(realm, login),
                    accessToken(realm, realm.refreshGrant(APP, login.string("refresh_token"))))) {
                assertThat(realmRoles(token))
                        .as(user)
                        .contains("staff-role")
                        .doesNotContain("ops-role", "org-admin-role");
                assertThat(token)
                        .as(user)
                        .containsEntry("department", "engineering")
                        .containsEntry("locale", "de");
                assertThat((Map<String, Object>) token.get("tenant")).as(user).containsEntry("alias", "t00");
            }
        }
    }

    @Test
    void theAdapterIsOn(TestRealm realm, KeycloakServer server) throws java.io.IOException {
        assertThat(realm.passwordGrant(APP, "many", SCOPE).status()).isEqualTo(200);
        // the log file keeps earlier servers' lines: the last word of the adapter is this server's
        String log = java.nio.file.Files.readString(server.logFile());
        int last = log.lastIndexOf("Datastore 'tenancy' is ");
        assertThat(last).as("the adapter says whether it is on").isNotNegative();
        assertThat(log.substring(last)).startsWith("Datastore 'tenancy' is on");
    }

    @Test
    void theConsolesGroupsTabListsTheRealmGroupsOnly(TestRealm realm) {
        for (String userId : List.of(manyId, oneId)) {
            List<Object> groups =
                    realm.adminCall("GET", "/users/" + userId + "/groups", null).jsonList();
            assertThat(groups)
                    .extracting(group -> ((Map<String, Object>) group).get("path"))
                    .containsExactly("/staff/berlin");
            // Keycloak's own count (passed on unchanged): memberships less one per organization, so the
            // organization group admins counts; the same for a user in 30 tenants as in one
            assertThat(realm.adminCall("GET", "/users/" + userId + "/groups/count", null)
                            .json())
                    .containsEntry("count", 2);
            assertThat(realm.adminCall("GET", "/users/" + userId + "/groups?search=ber", null)
                            .jsonList())
                    .hasSize(1);
        }
    }

    @Test
    void aMembershipChangeIsSeenByTheNextRefresh(TestRealm realm) {
        Http.Response login = realm.passwordGrant(APP, "many", SCOPE);
        assertThat(realmRoles(accessToken(realm, login))).doesNotContain("ops-role");
        try {
            realm.adminOk("PUT", "/users/" + manyId + "/groups/" + opsId, null);
            Http.Response joined = realm.refreshGrant(APP, login.string("refresh_token"));
            assertThat(realmRoles(accessToken(realm, joined))).contains("ops-role", "staff-role");
            assertThat(realm.adminCall("GET", "/users/" + manyId + "/groups", null)
                            .jsonList())
                    .extracting(group -> ((Map<String, Object>) group).get("path"))
                    .containsExactlyInAnyOrder("/ops", "/staff/berlin");

            realm.adminOk("DELETE", "/users/" + manyId + "/groups/" + opsId, null);
            Http.Response left = realm.refreshGrant(APP, joined.string("refresh_token"));
            assertThat(realmRoles(accessToken(realm, left)))
                    .doesNotContain("ops-role")
                    .contains("staff-role");
        } finally {
            realm.adminCall("DELETE", "/users/" + manyId + "/groups/" + opsId, null);
        }
    }

    /**
     * The organization provider counts a user's tenants on each user lookup and reads them only when asked for one:
     * Keycloak's list of a user's organizations (by name) stays Keycloak's, also in a request that looked the user up
     * and then removes a membership (the removal reads the tenants counted before it).
     */
    @Test
    void theTenantsOfAUserInManyTenantsAreKeycloaksAcrossAMembershipChange(TestRealm realm) {
        List<String> all = java.util.stream.IntStream.range(0, TENANTS)
                .mapToObj(i -> String.format("t%02d", i))
                .toList();
        assertThat(aliasesOf(realm, manyId)).containsExactlyElementsOf(all);
        assertThat(aliasesOf(realm, oneId)).containsExactly("t00");

        realm.adminOk("DELETE", "/organizations/" + tenantIds.get(5) + "/members/" + manyId, null);
        try {
            assertThat(aliasesOf(realm, manyId))
                    .containsExactlyElementsOf(
                            all.stream().filter(a -> !a.equals("t05")).toList());
            Http.Response inAnother = realm.passwordGrant(APP, "many", "openid profile organization:t06");
            assertThat(accessToken(realm, inAnother)).containsKey("tenant");
        } finally {
            realm.addMember(tenantIds.get(5), manyId);
        }
        assertThat(aliasesOf(realm, manyId)).containsExactlyElementsOf(all);
    }

    private static List<Object> aliasesOf(TestRealm realm, String userId) {
        return realm.adminCall("GET", "/organizations/members/" + userId + "/organizations", null).jsonList().stream()
                .map(org -> ((Map<String, Object>) org).get("alias"))
                .toList();
    }

    @Test
    void theRoleMappingsOfTheUserAreKeycloaks(TestRealm realm) {
        Map<String, Object> composite =
                realm.adminCall("GET", "/users/" + manyId + "/role-mappings/realm/composite", null).jsonList().stream()
                        .map(r -> (Map<String, Object>) r)
                        .collect(java.util.stream.Collectors.toMap(r -> (String) r.get("name"), r -> r));
        assertThat(composite).containsKey("staff-role").doesNotContainKey("org-admin-role");
    }

    private static Map<String, Object> accessToken(TestRealm realm, Http.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return Jwks.verify(realm.url(), response.string("access_token"));
    }

    private static List<String> realmRoles(Map<String, Object> token) {
        Map<String, Object> realmAccess = (Map<String, Object>) token.getOrDefault("realm_access", Map.of());
        return (List<String>) realmAccess.getOrDefault("roles", List.of());
    }
}
