package dev.tenancy.it.tenantapi;

import static dev.tenancy.it.TenantApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.TenantApi;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The tenant API, endpoint by endpoint (issue "Tenant admin REST API"): the permissions client, tenant creation,
 * profile, members (paging, search, count, add, remove), roles (list, grant, revoke, no escalation), sessions,
 * suspension, audit, the active-tenant rule, and bad input with "nothing written" checks.
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class TenantAdminMembersIT {

    static TenantApi api;
    static String realmAdminToken;
    static String acme;
    static String globex;
    static String acmeAdmins;
    static String acmeMembers;
    static String acmeBilling;
    static String globexAdmins;
    static String ann; // acme tenant admin (via POST /tenants), also globex admin
    static String bob; // acme plain member in /members
    static String carl; // not a member of anything
    static String dora; // acme, manage-roles only
    static String acmeRoleManagers;

    @BeforeAll
    static void setUp(TestRealm realm) {
        api = TenantApi.setUp(realm);
        api.createRealmAdmin("root");
        realmAdminToken = api.token("root", null);
        ann = realm.createUser("ann", "ann@acme.test");
        bob = realm.createUser("bob", "bob@acme.test");
        carl = realm.createUser("carl", "carl@nowhere.test");
        dora = realm.createUser("dora", "dora@acme.test");

        Http.Response created = api.call(
                "POST",
                "",
                Map.of("alias", "acme", "name", "Acme Corp", "description", "first tenant", "adminUserId", ann),
                realmAdminToken);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        acme = created.string("id");
        Map<String, Object> groups = groupsByName(realm, acme);
        acmeAdmins = (String) groups.get("admins");
        acmeMembers = (String) groups.get("members");
        acmeBilling = realm.createOrganizationSubGroup(acme, acmeAdmins, "billing");
        acmeRoleManagers = api.groupWithPermissions(acme, "role-managers", "manage-roles");
        realm.addMember(acme, bob);
        realm.joinOrganizationGroup(acme, acmeMembers, bob);
        realm.addMember(acme, dora);
        realm.joinOrganizationGroup(acme, acmeRoleManagers, dora);

        globex = realm.createOrganization("globex", "Globex Inc");
        globexAdmins = api.groupWithPermissions(globex, "admins", "tenant-admin");
        realm.addMember(globex, ann);
        realm.joinOrganizationGroup(globex, globexAdmins, ann);
    }

    static Map<String, Object> groupsByName(TestRealm realm, String org) {
        Map<String, Object> byName = new java.util.HashMap<>();
        for (Object g : realm.adminCall("GET", "/organizations/" + org + "/groups", null)
                .jsonList()) {
            byName.put((String) ((Map<String, Object>) g).get("name"), ((Map<String, Object>) g).get("id"));
        }
        return byName;
    }

    /** The fields of the tenant API's member list, from its answer or from a stock organization member. */
    static Object listFields(Object stockMember) {
        Map<String, Object> member = (Map<String, Object>) stockMember;
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        for (String field : List.of("id", "username", "email", "firstName", "lastName", "enabled")) {
            fields.put(field, member.get(field));
        }
        return fields;
    }

    static String annAcme() {
        return api.token("ann", "acme");
    }

    @Nested
    class Bootstrap {

        @Test
        void everyRealmHasThePermissionsClientWithTheEightRolesAndTheTenantAdminComposite(TestRealm realm) {
            List<Object> roles = realm.adminCall("GET", "/clients/" + api.permissionsUuid + "/roles", null)
                    .jsonList();
            assertThat(roles)
                    .extracting(r -> ((Map<String, Object>) r).get("name"))
                    .containsExactlyInAnyOrder(
                            "view-members",
                            "manage-members",
                            "manage-roles",
                            "manage-invitations",
                            "manage-policies",
                            "manage-sessions",
                            "view-audit",
                            "tenant-admin");
            List<Object> composites = realm.adminCall(
                            "GET", "/clients/" + api.permissionsUuid + "/roles/tenant-admin/composites", null)
                    .jsonList();
            assertThat(composites).hasSize(7);
            Map<String, Object> client = realm.adminCall("GET", "/clients/" + api.permissionsUuid, null)
                    .json();
            assertThat(client)
                    .containsEntry("standardFlowEnabled", false)
                    .containsEntry("directAccessGrantsEnabled", false)
                    .containsEntry("publicClient", false)
                    .containsEntry("serviceAccountsEnabled", false);
        }

        @Test
        void tenantCreationGivesTheAdminsGroupTenantAdminAndMakesTheFirstAdmin(TestRealm realm) {
            List<Object> mapped = realm.adminCall(
                            "GET",
                            "/organizations/" + acme + "/groups/" + acmeAdmins + "/role-mappings/clients/"
                                    + api.permissionsUuid,
                            null)
                    .jsonList();
            assertThat(mapped)
                    .extracting(r -> ((Map<String, Object>) r).get("name"))
                    .containsExactly("tenant-admin");
            Map<String, Object> me = api.get("/me", annAcme()).json();
            assertThat(me).containsEntry("activeTenant", "acme");
        }

        @Test
        void onlyRealmAdminsCreateTenantsAndDuplicatesConflict() {
            assertError(api.call("POST", "", Map.of("alias", "x1", "name", "X1"), annAcme()), 403, "access_denied");
            assertError(
                    api.call("POST", "", Map.of("alias", "acme", "name", "Other"), realmAdminToken), 409, "conflict");
            assertError(
                    api.call("POST", "", Map.of("alias", "Bad Alias", "name", "Y"), realmAdminToken),
                    400,
                    "invalid_request");
            assertError(api.call("POST", "", Map.of("alias", "x2"), realmAdminToken), 400, "invalid_request");
        }
    }

    @Nested
    class Profile {

        @Test
        void anyMemberActingInTheTenantReadsIt() {
            Http.Response profile = api.get("/acme", api.token("bob", "acme"));
            assertThat(profile.status()).as(profile.toString()).isEqualTo(200);
            assertThat(profile.json()).containsEntry("alias", "acme").containsEntry("enabled", true);
        }

        @Test
        void updateChangesOnlyTheFieldsSentAndEmitsAnAdminEvent(TestRealm realm) {
            Http.Response updated = api.call(
                    "PUT",
                    "/acme",
                    Map.of(
                            "description",
                            "the tenant",
                            "branding",
                            Map.of("logo-url", "https://acme.test/logo.png", "primary-color", "#ff0000")),
                    annAcme());
            assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
            assertThat(updated.json()).containsEntry("name", "Acme Corp").containsEntry("description", "the tenant");
            assertThat((Map<String, Object>) updated.json().get("branding"))
                    .containsEntry("logo-url", "https://acme.test/logo.png");
            Map<String, Object> org =
                    realm.adminCall("GET", "/organizations/" + acme, null).json();
            assertThat((Map<String, Object>) org.get("attributes"))
                    .containsEntry("tenancy.branding.primary-color", List.of("#ff0000"));

            Map<String, Object> removed = api.call("PUT", "/acme", "{\"branding\":{\"primary-color\":null}}", annAcme())
                    .json();
            assertThat((Map<String, Object>) removed.get("branding"))
                    .doesNotContainKey("primary-color")
                    .containsKey("logo-url");
            assertThat(api.adminEvents(acme)).anySatisfy(e -> assertThat((Map<String, Object>) e)
                    .containsEntry("operationType", "UPDATE")
                    .containsEntry("resourceType", "ORGANIZATION")
                    .containsEntry("resourcePath", "organizations/" + acme));
        }

        @Test
        void badInputIsA400NamingTheFieldAndWritesNothing(TestRealm realm) {
            String before = realm.adminCall("GET", "/organizations/" + acme, null)
                    .json()
                    .get("name")
                    .toString();
            assertError(api.call("PUT", "/acme", Map.of("name", "n".repeat(256)), annAcme()), 400, "invalid_request");
            Http.Response unknown = api.call("PUT", "/acme", Map.of("name", "New", "enabled", false), annAcme());
            assertError(unknown, 400, "invalid_request");
            assertThat(unknown.string("error_description")).startsWith("enabled:");
            assertError(api.call("PUT", "/acme", "{\"name\": ", annAcme()), 400, "invalid_request");
            assertError(api.call("PUT", "/acme", Map.of("name", ""), annAcme()), 400, "invalid_request");
            assertError(
                    api.call("PUT", "/acme", Map.of("branding", Map.of("Bad Key", "x")), annAcme()),
                    400,
                    "invalid_request");
            assertThat(realm.adminCall("GET", "/organizations/" + acme, null).json())
                    .containsEntry("name", before)
                    .containsEntry("enabled", true);
        }

        @Test
        void updatingNeedsManagePolicies() {
            assertError(
                    api.call("PUT", "/acme", Map.of("name", "Hijacked"), api.token("bob", "acme")),
                    403,
                    "access_denied");
        }
    }

    @Nested
    class Members {

        @Test
        void listPagesSearchesAndCounts(TestRealm realm) {
            String token = annAcme();
            long count = ((Number) api.get("/acme/members/count", token).json().get("count")).longValue();
            assertThat(count).isGreaterThanOrEqualTo(3);
            List<Object> all = api.get("/acme/members?max=1000", token).jsonList();
            assertThat(all).hasSize((int) count);
            List<Object> page = api.get("/acme/members?first=1&max=1", token).jsonList();
            assertThat(page).hasSize(1);
            assertThat(page.get(0)).isEqualTo(all.get(1));
            List<Object> found = api.get("/acme/members?search=bob", token).jsonList();
            assertThat(found).singleElement().satisfies(m -> assertThat((Map<String, Object>) m)
                    .containsEntry("username", "bob")
                    .containsEntry("id", bob)
                    .containsKey("email"));
            assertThat(api.get("/acme/members?search=bo&exact=true", token).jsonList())
                    .isEmpty();
        }

        /**
         * The tenant API reads pages with its own query (MemberPages: indexed order, pages past the middle read from
         * the end); every page and every search must still be exactly what Keycloak's organization API answers.
         */
        @Test
        void pagesAndSearchesAreThoseOfTheStockOrganizationApi(TestRealm realm) {
            String token = annAcme();
            for (int i = 0; i < 5; i++) {
                String id = realm.createUser("pager-" + i, "pager-" + i + "@acme.test");
                realm.addMember(acme, id);
            }
            String disabled = realm.createUser("pager-off", "pager-off@acme.test");
            realm.adminOk(
                    "PUT",
                    "/users/" + disabled,
                    Map.of(
                            "username",
                            "pager-off",
                            "email",
                            "pager-off@acme.test",
                            "firstName",
                            "pager-off",
                            "lastName",
                            "Test",
                            "enabled",
                            false));
            realm.addMember(acme, disabled);
            List<Object> stock =
                    realm
                            .adminCall("GET", "/organizations/" + acme + "/members?first=0&max=1000", null)
                            .jsonList()
                            .stream()
                            .map(TenantAdminMembersIT::listFields)
                            .toList();
            List<Object> ours = api.get("/acme/members?max=1000", token).jsonList().stream()
                    .map(TenantAdminMembersIT::listFields)
                    .toList();
            assertThat(ours).isEqualTo(stock);
            assertThat(ours).anySatisfy(m -> assertThat((Map<String, Object>) m)
                    .containsEntry("id", disabled)
                    .containsEntry("enabled", false));
            int count = ours.size();
            for (int max : List.of(1, 2, 3)) {
                List<Object> pages = new java.util.ArrayList<>();
                for (int first = 0; first < count + max; first += max) {
                    List<Object> page = api.get("/acme/members?first=" + first + "&max=" + max, token)
                            .jsonList();
                    assertThat(page)
                            .as("first=%d max=%d", first, max)
                            .hasSize(Math.max(0, Math.min(max, count - first)));
                    page.stream().map(TenantAdminMembersIT::listFields).forEach(pages::add);
                }
                assertThat(pages).as("pages of %d", max).isEqualTo(ours);
                List<Object> keyset = new java.util.ArrayList<>();
                String after = null;
                for (int i = 0; i <= count; i++) {
                    List<Object> page = api.get(
                                    "/acme/members?max=" + max
                                            + (after == null
                                                    ? ""
                                                    : "&after="
                                                            + java.net.URLEncoder.encode(
                                                                    after, java.nio.charset.StandardCharsets.UTF_8)),
                                    token)
                            .jsonList();
                    if (page.isEmpty()) {
                        break;
                    }
                    page.stream().map(TenantAdminMembersIT::listFields).forEach(keyset::add);
                    after = (String) ((Map<String, Object>) page.get(page.size() - 1)).get("username");
                }
                assertThat(keyset).as("keyset pages of %d", max).isEqualTo(ours);
            }
            for (String search : List.of("pager", "PAGER-1", "acme.test", "ann", "*ger-*", "pager_", "bob", "x%")) {
                for (String exact : List.of("false", "true")) {
                    String query =
                            "?search=" + java.net.URLEncoder.encode(search, java.nio.charset.StandardCharsets.UTF_8)
                                    + "&exact=" + exact + "&first=0&max=1000";
                    List<Object> expected =
                            realm
                                    .adminCall("GET", "/organizations/" + acme + "/members" + query, null)
                                    .jsonList()
                                    .stream()
                                    .map(TenantAdminMembersIT::listFields)
                                    .toList();
                    assertThat(api.get("/acme/members" + query, token).jsonList().stream()
                                    .map(TenantAdminMembersIT::listFields)
                                    .toList())
                            .as("search=%s exact=%s", search, exact)
                            .isEqualTo(expected);
                }
            }
        }

        @Test
        void badPagingIsA400() {
            String token = annAcme();
            for (String query : List.of(
                    "first=-1",
                    "max=0",
                    "max=1001",
                    "first=abc",
                    "max=99999999999",
                    "exact=maybe",
                    "search=" + "s".repeat(256),
                    "after=" + "a".repeat(256),
                    "include=groups",
                    "include=ROLES")) {
                Http.Response response = api.get("/acme/members?" + query, token);
                assertError(response, 400, "invalid_request");
                assertThat(response.string("error_description"))
                        .startsWith(query.substring(0, query.indexOf('=')) + ":");
            }
        }

        /** Realm admins add directly (tenant admins invite: TenantAdminConsentIT); both see the conflict. */
        @Test
        void aRealmAdminAddsByEmailOrIdTenantAdminsRemoveAndBothSeeConflicts(TestRealm realm) {
            String token = annAcme();
            String eve = realm.createUser("eve", "eve@elsewhere.test");
            Http.Response added =
                    api.call("POST", "/acme/members", Map.of("email", "EVE@elsewhere.test"), realmAdminToken);
            assertThat(added.status()).as(added.toString()).isEqualTo(201);
            assertThat(added.header("Location")).endsWith("/tenants/acme/members/" + eve);
            assertError(api.call("POST", "/acme/members", Map.of("userId", eve), token), 409, "conflict");
            assertError(api.call("POST", "/acme/members", Map.of("userId", eve), realmAdminToken), 409, "conflict");

            Http.Response detail = api.get("/acme/members/" + eve, token);
            assertThat(detail.json()).containsEntry("managed", false).containsEntry("roles", List.of());

            assertThat(api.call("DELETE", "/acme/members/" + eve, null, token).status())
                    .isEqualTo(204);
            assertError(api.get("/acme/members/" + eve, token), 404, "not_found");
            assertError(api.call("DELETE", "/acme/members/" + eve, null, token), 404, "not_found");
            assertError(api.call("POST", "/acme/members", Map.of("userId", eve), token), 403, "access_denied");
            assertThat(api.call("POST", "/acme/members", Map.of("userId", eve), realmAdminToken)
                            .status())
                    .isEqualTo(201);

            List<Object> events = api.adminEvents(acme);
            assertThat(events).anySatisfy(e -> assertThat((Map<String, Object>) e)
                    .containsEntry("operationType", "CREATE")
                    .containsEntry("resourceType", "ORGANIZATION_MEMBERSHIP")
                    .containsEntry("resourcePath", "organizations/" + acme + "/members/" + eve));
            assertThat(events).anySatisfy(e -> assertThat((Map<String, Object>) e)
                    .containsEntry("operationType", "DELETE")
                    .containsEntry("resourceType", "ORGANIZATION_MEMBERSHIP"));
        }

        @Test
        void addingBadOrUnknownUsersWritesNothing(TestRealm realm) {
            String token = annAcme();
            long before = ((Number) api.get("/acme/members/count", token).json().get("count")).longValue();
            for (String caller : List.of(token, realmAdminToken)) {
                assertError(
                        api.call("POST", "/acme/members", Map.of("email", "not-an-email"), caller),
                        400,
                        "invalid_request");
                assertError(
                        api.call("POST", "/acme/members", Map.of("email", "a@" + "b".repeat(320) + ".de"), caller),
                        400,
                        "invalid_request");
                assertError(
                        api.call("POST", "/acme/members", Map.of("userId", carl, "email", "carl@nowhere.test"), caller),
                        400,
                        "invalid_request");
                assertError(
                        api.call("POST", "/acme/members", Map.of("userId", carl, "role", "admins"), caller),
                        400,
                        "invalid_request");
                assertError(api.call("POST", "/acme/members", "[\"" + carl + "\"]", caller), 400, "invalid_request");
                assertError(api.call("POST", "/acme/members", "{\"userId\":123}", caller), 400, "invalid_request");
            }
            assertError(
                    api.call("POST", "/acme/members", Map.of("email", "nobody@nowhere.test"), realmAdminToken),
                    404,
                    "not_found");
            assertError(
                    api.call("POST", "/acme/members", Map.of("email", "nobody@nowhere.test"), token),
                    403,
                    "access_denied");
            assertThat(((Number) api.get("/acme/members/count", token).json().get("count")).longValue())
                    .isEqualTo(before);
        }

        @Test
        void aMemberOfAnotherTenantIsNotFoundHere() {
            assertError(api.get("/globex/members/" + bob, api.token("ann", "globex")), 404, "not_found");
        }
    }

    @Nested
    class Roles {

        @Test
        void theAssignableRolesAreTheTenantsGroupsWithTheirPermissions() {
            List<Object> roles = api.get("/acme/roles", annAcme()).jsonList();
            assertThat(roles)
                    .extracting(r -> ((Map<String, Object>) r).get("path"))
                    .containsExactly("/admins", "/admins/billing", "/members", "/role-managers");
            assertThat(roles).anySatisfy(r -> assertThat((Map<String, Object>) r)
                    .containsEntry("path", "/admins/billing")
                    .satisfies(m ->
                            assertThat((List<Object>) m.get("permissions")).contains("tenant-admin", "view-members")));
        }

        @Test
        void grantAndRevokeByPathOrIdShowInTheMemberAndInTokens(TestRealm realm) {
            String token = annAcme();
            String fay = api.member(acme, "fay");
            assertThat(api.call("PUT", "/acme/members/" + fay + "/roles/admins/billing", null, token)
                            .status())
                    .isEqualTo(204);
            assertThat(api.call("PUT", "/acme/members/" + fay + "/roles/" + acmeMembers, null, token)
                            .status())
                    .isEqualTo(204);
            assertThat(api.call("PUT", "/acme/members/" + fay + "/roles/members", null, token)
                            .status())
                    .isEqualTo(204);
            assertThat(api.get("/acme/members/" + fay + "/roles", token).jsonList())
                    .extracting(r -> ((Map<String, Object>) r).get("path"))
                    .containsExactly("/admins/billing", "/members");
            Map<String, Object> detail = api.get("/acme/members/" + fay, token).json();
            assertThat((List<Object>) detail.get("permissions")).contains("tenant-admin", "manage-members");

            assertThat(api.call("DELETE", "/acme/members/" + fay + "/roles/admins/billing", null, token)
                            .status())
                    .isEqualTo(204);
            assertThat(api.get("/acme/members/" + fay + "/roles", token).jsonList())
                    .hasSize(1);
            assertThat(api.adminEvents(acme)).anySatisfy(e -> assertThat((Map<String, Object>) e)
                    .containsEntry("resourceType", "ORGANIZATION_GROUP_MEMBERSHIP")
                    .containsEntry("operationType", "DELETE"));
        }

        /**
         * {@code include=roles} gives every member of a page the roles {@code GET .../members/{id}/roles} lists for
         * them (same order, same {@code grantable}), so a member screen needs no request per row; without it the list
         * carries no roles.
         */
        @Test
        void theListCarriesEachMembersRolesWhenAskedExactlyAsThePerMemberCall() {
            String token = annAcme();
            List<Object> page =
                    api.get("/acme/members?max=1000&include=roles", token).jsonList();
            assertThat(page).hasSizeGreaterThanOrEqualTo(3);
            for (Object entry : page) {
                Map<String, Object> member = (Map<String, Object>) entry;
                List<Object> perMember = api.get("/acme/members/" + member.get("id") + "/roles", token)
                        .jsonList();
                assertThat(member.get("roles"))
                        .as(member.get("username") + "'s roles")
                        .isEqualTo(perMember);
            }
            assertThat(page)
                    .filteredOn(m -> bob.equals(((Map<String, Object>) m).get("id")))
                    .singleElement()
                    .satisfies(m -> assertThat((List<Object>) ((Map<String, Object>) m).get("roles"))
                            .extracting(r -> ((Map<String, Object>) r).get("path"))
                            .containsExactly("/members"));
            assertThat(page)
                    .filteredOn(m -> ann.equals(((Map<String, Object>) m).get("id")))
                    .singleElement()
                    .satisfies(m -> assertThat((List<Object>) ((Map<String, Object>) m).get("roles"))
                            .extracting(r -> ((Map<String, Object>) r).get("path"))
                            .contains("/admins"));
            // keyset paging is unchanged by it: the page after bob, with roles, is the page after bob without
            List<Object> after = api.get("/acme/members?after=bob&max=2&include=roles", token)
                    .jsonList();
            assertThat(after)
                    .extracting(TenantAdminMembersIT::listFields)
                    .isEqualTo(api.get("/acme/members?after=bob&max=2", token).jsonList().stream()
                            .map(TenantAdminMembersIT::listFields)
                            .toList());
            assertThat(api.get("/acme/members?max=1000", token).jsonList())
                    .allSatisfy(m -> assertThat((Map<String, Object>) m).doesNotContainKey("roles"));
        }

        @Test
        void rolesOfAnotherTenantAreNotFound() {
            String token = annAcme();
            assertError(
                    api.call("PUT", "/acme/members/" + bob + "/roles/" + globexAdmins, null, token), 404, "not_found");
            assertError(api.call("PUT", "/acme/members/" + bob + "/roles/nope", null, token), 404, "not_found");
            assertThat(api.get("/acme/members/" + bob + "/roles", token).jsonList())
                    .hasSize(1);
        }

        @Test
        void aRoleManagerCannotGrantPermissionsTheyDoNotHold() {
            String token = api.token("dora", "acme");
            assertError(api.call("PUT", "/acme/members/" + bob + "/roles/admins", null, token), 403, "access_denied");
            assertError(api.call("PUT", "/acme/members/" + dora + "/roles/admins", null, token), 403, "access_denied");
            assertThat(api.call("PUT", "/acme/members/" + bob + "/roles/role-managers", null, token)
                            .status())
                    .isEqualTo(204);
            assertThat(api.call("DELETE", "/acme/members/" + bob + "/roles/role-managers", null, token)
                            .status())
                    .isEqualTo(204);
        }
    }

    @Nested
    class Sessions {

        @Test
        void listAndEndOneMembersSessions(TestRealm realm) {
            String gil = api.member(acme, "gil", acmeMembers);
            String gilToken = api.token("gil", "acme");
            String token = annAcme();
            List<Object> sessions =
                    api.get("/acme/members/" + gil + "/sessions", token).jsonList();
            assertThat(sessions).singleElement().satisfies(s -> assertThat(
                            (List<Object>) ((Map<String, Object>) s).get("clients"))
                    .containsExactly(TenantApi.APP));
            assertThat(api.get("/acme", gilToken).status()).isEqualTo(200);

            Http.Response ended = api.call("DELETE", "/acme/members/" + gil + "/sessions", null, token);
            assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
            assertThat(ended.json()).containsEntry("sessions", 1);
            assertThat(api.get("/acme/members/" + gil + "/sessions", token).jsonList())
                    .isEmpty();
            assertError(api.get("/acme", gilToken), 401, "invalid_token");
        }

        @Test
        void aTokenWhoseHeaderNamesNoAlgorithmIsAnInvalidTokenNot500() {
            // found by EndpointFuzzIT: Keycloak's bearer verifier throws a NullPointerException on such a header
            String token = annAcme();
            String noAlg = java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString("{\"typ\":\"JWT\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertError(api.get("/acme", noAlg + token.substring(token.indexOf('.'))), 401, "invalid_token");
        }

        @Test
        void endingAllSessionsOfTheTenantLogsOutEveryMemberAndNoOneElse(TestRealm realm) {
            String tenant = realm.createOrganization("hooli", "Hooli");
            String hooliAdmins = api.groupWithPermissions(tenant, "admins", "manage-sessions");
            api.member(tenant, "hal", hooliAdmins);
            api.member(tenant, "ivy");
            String halToken = api.token("hal", "hooli");
            String ivyToken = api.token("ivy", "hooli");
            String bobToken = api.token("bob", "acme");

            Http.Response ended = api.call("DELETE", "/hooli/sessions", null, halToken);
            assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
            assertThat(ended.json()).containsEntry("members", 2).containsEntry("sessions", 2);
            assertError(api.get("/hooli", ivyToken), 401, "invalid_token");
            assertError(api.get("/hooli", halToken), 401, "invalid_token");
            assertThat(api.get("/acme", bobToken).status()).isEqualTo(200);
        }
    }

    @Nested
    class Suspension {

        @Test
        void realmAdminsSuspendATenantWhichStopsRefreshAndLoginIntoIt(TestRealm realm) {
            String tenant = realm.createOrganization("initech", "Initech");
            api.member(tenant, "joe");
            Http.Response login = realm.passwordGrant(TenantApi.APP, "joe", "openid organization:initech");
            assertThat(login.status()).isEqualTo(200);

            assertError(
                    api.call("PUT", "/initech/suspension", null, login.string("access_token")), 403, "access_denied");
            assertThat(api.call("PUT", "/initech/suspension", null, realmAdminToken)
                            .status())
                    .isEqualTo(204);
            assertThat(realm.adminCall("GET", "/organizations/" + tenant, null).json())
                    .containsEntry("enabled", false);

            Http.Response refresh = realm.refreshGrant(TenantApi.APP, login.string("refresh_token"));
            assertThat(refresh.status()).as(refresh.toString()).isEqualTo(400);
            assertThat(refresh.json()).containsEntry("error", "invalid_grant");
            Http.Response relogin = realm.passwordGrant(TenantApi.APP, "joe", "openid organization:initech");
            assertThat(relogin.status()).as(relogin.toString()).isEqualTo(400);
            assertError(api.get("/initech", login.string("access_token")), 403, "access_denied");
            assertThat(api.get("/initech", realmAdminToken).json()).containsEntry("enabled", false);

            assertThat(api.call("DELETE", "/initech/suspension", null, realmAdminToken)
                            .status())
                    .isEqualTo(204);
            assertThat(realm.passwordGrant(TenantApi.APP, "joe", "openid organization:initech")
                            .status())
                    .isEqualTo(200);
            assertThat(api.adminEvents(tenant))
                    .filteredOn(e -> "UPDATE".equals(((Map<String, Object>) e).get("operationType")))
                    .hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Nested
    class ActiveTenantRule {

        @Test
        void aTokenOfOneTenantNeverActsInAnotherEvenForAnAdminOfBoth() {
            String annGlobex = api.token("ann", "globex");
            assertThat(api.get("/globex/members", annGlobex).status()).isEqualTo(200);
            Http.Response crossed = api.get("/acme/members", annGlobex);
            assertError(crossed, 403, "access_denied");
            assertThat(crossed.string("error_description")).contains("globex").contains("acme");
            assertThat(api.get("/acme/members", annAcme()).status()).isEqualTo(200);
        }

        @Test
        void nonMembersAndUnknownTenantsGetTheSame404() {
            String carlToken = api.token("carl", null);
            Http.Response existing = api.get("/acme", carlToken);
            Http.Response unknown = api.get("/no-such-tenant", carlToken);
            assertError(existing, 404, "not_found");
            assertError(unknown, 404, "not_found");
            assertThat(existing.body()).isEqualTo(unknown.body());
        }

        @Test
        void manageOrganizationsMakesARealmAdminTooButOtherRealmRolesDoNot() {
            api.createRealmAdmin("org-manager", "manage-organizations");
            api.createRealmAdmin("user-viewer", "view-users");
            assertThat(api.get("/acme/members", api.token("org-manager", null)).status())
                    .isEqualTo(200);
            assertError(api.get("/acme/members", api.token("user-viewer", null)), 404, "not_found");
        }

        @Test
        void realmAdminsActInEveryTenantWithoutBeingMembers() {
            assertThat(api.get("/acme/members", realmAdminToken).status()).isEqualTo(200);
            assertThat(api.get("/globex/members", realmAdminToken).status()).isEqualTo(200);
            assertError(api.get("/no-such-tenant", realmAdminToken), 404, "not_found");
        }
    }

    @Nested
    class Audit {

        @Test
        void theTenantsAdminEventsArePagedNewestFirstAndNeedViewAudit(TestRealm realm) {
            String token = annAcme();
            api.call("PUT", "/acme", Map.of("description", "audited"), token);
            List<Object> events = api.get("/acme/events?max=2", token).jsonList();
            assertThat(events).hasSize(2);
            Map<String, Object> newest = (Map<String, Object>) events.get(0);
            assertThat(newest)
                    .containsEntry("kind", "admin")
                    .containsEntry("type", "UPDATE")
                    .containsEntry("resourcePath", "organizations/" + acme)
                    .containsEntry("userId", ann);
            assertThat((Map<String, Object>) newest.get("details")).containsEntry("tenant", "acme");
            assertThat(((Number) newest.get("time")).longValue())
                    .isGreaterThanOrEqualTo(((Number) ((Map<String, Object>) events.get(1)).get("time")).longValue());
            assertThat(api.get("/acme/events?first=1&max=1", token).jsonList())
                    .singleElement()
                    .isEqualTo(events.get(1));
            assertThat(api.get("/globex/events", api.token("ann", "globex")).jsonList())
                    .allSatisfy(e -> assertThat(((Map<String, Object>) e)
                                    .get("resourcePath")
                                    .toString())
                            .startsWith("organizations/" + globex));
            assertError(api.get("/acme/events", api.token("bob", "acme")), 403, "access_denied");
            assertError(api.get("/acme/events?kind=all", token), 400, "invalid_request");
        }

        @Test
        void theAuditPageHoldsExactlyKeycloaksAdminEventsOfTheTenantsPathNewestFirst(TestRealm realm) {
            String token = annAcme();
            api.call("PUT", "/acme", Map.of("description", "audited again"), token);
            // a change made with Keycloak's own organization admin API belongs to the tenant's trail as well
            Map<String, Object> org =
                    realm.adminCall("GET", "/organizations/" + acme, null).json();
            org.put("description", "changed in the console");
            realm.adminOk("PUT", "/organizations/" + acme, org);
            List<Object> ours = api.get("/acme/events?max=500", token).jsonList();
            List<Object> keycloaks = api.adminEvents(acme);
            assertThat(ours)
                    .extracting(e -> ((Map<String, Object>) e).get("id"))
                    .containsExactlyInAnyOrderElementsOf(keycloaks.stream()
                            .map(e -> ((Map<String, Object>) e).get("id"))
                            .toList());
            assertThat(ours)
                    .extracting(e -> ((Number) ((Map<String, Object>) e).get("time")).longValue())
                    .isSortedAccordingTo(java.util.Comparator.reverseOrder());
            assertThat((Map<String, Object>) ours.get(0))
                    .containsEntry("resourcePath", "organizations/" + acme)
                    .containsEntry("type", "UPDATE")
                    .containsEntry("resourceType", "ORGANIZATION");
        }

        @Test
        void userEventsNamingTheTenantAreListedToo(TestRealm realm) {
            String token = annAcme();
            Http.Response login = realm.passwordGrant(TenantApi.APP, "ann", "openid organization:globex");
            Http.Response switched = realm.refreshGrant(TenantApi.APP, login.string("refresh_token"), "tenant", "acme");
            assertThat(switched.status()).as(switched.toString()).isEqualTo(200);
            List<Object> events = api.get("/acme/events?kind=user", token).jsonList();
            assertThat(events).anySatisfy(e -> assertThat((Map<String, Object>) e)
                    .containsEntry("kind", "user")
                    .containsEntry("type", "REFRESH_TOKEN")
                    .satisfies(m ->
                            assertThat((Map<String, Object>) m.get("details")).containsEntry("to_tenant", "acme")));
        }
    }

    @Nested
    class Cors {

        @Test
        void preflightsAndAnswersCarryTheOriginsOfTheTokensClientAndOtherOriginsAreRefused() {
            String url = api.realm.url() + "/tenants/acme/members";
            Http.Response preflight = Http.json(
                    "OPTIONS",
                    url,
                    null,
                    Map.of(
                            "Origin",
                            "http://localhost",
                            "Access-Control-Request-Method",
                            "GET",
                            "Access-Control-Request-Headers",
                            "authorization"));
            assertThat(preflight.status()).as(preflight.toString()).isEqualTo(200);
            assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost");
            assertThat(preflight.header("Access-Control-Allow-Methods"))
                    .contains("GET")
                    .contains("DELETE");
            assertThat(preflight.header("Access-Control-Allow-Headers")).containsIgnoringCase("Authorization");
            Http.Response mePreflight = Http.json(
                    "OPTIONS",
                    api.realm.url() + "/tenants/me",
                    null,
                    Map.of("Origin", "http://localhost", "Access-Control-Request-Method", "GET"));
            assertThat(mePreflight.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost");

            String token = annAcme();
            Http.Response allowed =
                    Http.get(url, Map.of("Authorization", "Bearer " + token, "Origin", "http://localhost"));
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost");
            Http.Response denied = Http.get(
                    api.realm.url() + "/tenants/acme/events",
                    Map.of("Authorization", "Bearer " + api.token("bob", "acme"), "Origin", "http://localhost"));
            assertThat(denied.status()).isEqualTo(403);
            assertThat(denied.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost");
            Http.Response foreign =
                    Http.get(url, Map.of("Authorization", "Bearer " + token, "Origin", "http://evil.test"));
            assertError(foreign, 403, "access_denied");
            assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();
            assertThat(Http.get(url, Http.bearer(token)).status())
                    .as("no Origin: not a browser, no CORS")
                    .isEqualTo(200);
        }
    }
}
