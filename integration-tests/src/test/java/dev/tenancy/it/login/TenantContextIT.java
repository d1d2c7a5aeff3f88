package dev.tenancy.it.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.KeycloakServer;
import dev.tenancy.testsupport.TestRealm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The active tenant in tokens (issue "Tenant context in tokens"): claim shape and roles, selection, strictness,
 * switching, chains that keep their tenant, membership and enabled re-checks. Tokens are verified with Nimbus against
 * the realm's JWKS.
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class TenantContextIT {

    static final String APP = "app";
    static final String REDIRECT = "http://localhost/callback";

    static String appUuid;
    static String alice;
    static String bob;
    static String carol;
    static String dave;
    static String acme;
    static String globex;
    static String initech;

    @BeforeAll
    static void setUp(TestRealm realm) {
        appUuid = realm.createPublicClient(APP);
        realm.adminCreate(
                "/clients/" + appUuid + "/protocol-mappers/models",
                Map.of(
                        "name",
                        "active tenant",
                        "protocol",
                        "openid-connect",
                        "protocolMapper",
                        "oidc-tenant-mapper",
                        "config",
                        Map.of(
                                "claim.name",
                                "tenant",
                                "access.token.claim",
                                "true",
                                "id.token.claim",
                                "true",
                                "userinfo.token.claim",
                                "true",
                                "introspection.token.claim",
                                "true",
                                "tenantsClaim",
                                "true")));
        alice = realm.createUser("alice", "alice@acme.test");
        bob = realm.createUser("bob", "bob@acme.test");
        carol = realm.createUser("carol", "carol@nowhere.test");
        dave = realm.createUser("dave", "dave@globex.test");

        acme = realm.createOrganization("acme", "Acme Corp", "acme.test");
        globex = realm.createOrganization("globex", "Globex Inc", "globex.test");
        initech = realm.createOrganization("initech", "Initech", "initech.test");

        realm.createRealmRole("acme-realm-admin");
        realm.createRealmRole("billing-realm-role");
        realm.createRealmRole("member-realm-role");
        String acmeAdmins = realm.createOrganizationGroup(acme, "admins");
        String acmeBilling = realm.createOrganizationSubGroup(acme, acmeAdmins, "billing");
        String acmeMembers = realm.createOrganizationGroup(acme, "members");
        String globexMembers = realm.createOrganizationGroup(globex, "members");
        String initechMembers = realm.createOrganizationGroup(initech, "members");
        realm.grantRealmRoleToOrganizationGroup(acme, acmeAdmins, "acme-realm-admin");
        realm.grantClientRoleToOrganizationGroup(acme, acmeAdmins, appUuid, "admin");
        realm.grantRealmRoleToOrganizationGroup(acme, acmeBilling, "billing-realm-role");
        realm.grantClientRoleToOrganizationGroup(acme, acmeMembers, appUuid, "member");
        realm.grantRealmRoleToOrganizationGroup(globex, globexMembers, "member-realm-role");
        realm.grantClientRoleToOrganizationGroup(globex, globexMembers, appUuid, "member");
        realm.grantClientRoleToOrganizationGroup(initech, initechMembers, appUuid, "member");

        realm.addMember(acme, alice);
        realm.addMember(globex, alice);
        realm.addMember(initech, alice);
        realm.joinOrganizationGroup(acme, acmeAdmins, alice);
        realm.joinOrganizationGroup(globex, globexMembers, alice);
        realm.addMember(acme, bob);
        realm.joinOrganizationGroup(acme, acmeBilling, bob); // inherits /admins through the parent group
        realm.addMember(globex, dave);
        realm.joinOrganizationGroup(globex, globexMembers, dave);
        realm.adminOk(
                "PUT",
                "/organizations/" + initech,
                Map.of(
                        "alias",
                        "initech",
                        "name",
                        "Initech",
                        "enabled",
                        false,
                        "domains",
                        List.of(Map.of("name", "initech.test", "verified", true))));
    }

    static Map<String, Object> verified(TestRealm realm, Http.Response tokens) {
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return Jwks.verify(realm.url(), tokens.string("access_token"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> tenant(Map<String, Object> claims) {
        return (Map<String, Object>) claims.get("tenant");
    }

    static String refreshTokenOf(Http.Response tokens) {
        return tokens.string("refresh_token");
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Claim {

        @Test
        void namesTheRequestedTenantWithTheMembersRolesAndGroupsInIt(TestRealm realm) {
            Map<String, Object> claims = verified(realm, realm.passwordGrant(APP, "alice", "openid organization:acme"));
            Map<String, Object> tenant = tenant(claims);
            assertThat(tenant)
                    .containsEntry("id", acme)
                    .containsEntry("alias", "acme")
                    .containsEntry("name", "Acme Corp");
            assertThat((List<Object>) tenant.get("roles")).containsExactly("acme-realm-admin");
            assertThat(tenant.get("resource_access")).isEqualTo(Map.of(APP, Map.of("roles", List.of("admin"))));
            assertThat(tenant.get("groups")).isEqualTo(List.of("/admins"));
        }

        @Test
        void rolesAreOnlyThoseOfTheActiveTenant(TestRealm realm) {
            Map<String, Object> tenant =
                    tenant(verified(realm, realm.passwordGrant(APP, "alice", "openid organization:globex")));
            assertThat(tenant).containsEntry("alias", "globex");
            assertThat((List<Object>) tenant.get("roles")).containsExactly("member-realm-role");
            assertThat(tenant.get("resource_access")).isEqualTo(Map.of(APP, Map.of("roles", List.of("member"))));
        }

        @Test
        void rolesOfParentOrganizationGroupsAreInherited(TestRealm realm) {
            Map<String, Object> tenant = tenant(verified(realm, realm.passwordGrant(APP, "bob", "openid")));
            assertThat((List<Object>) tenant.get("roles"))
                    .containsExactlyInAnyOrder("acme-realm-admin", "billing-realm-role");
            assertThat(tenant.get("groups")).isEqualTo(List.of("/admins/billing"));
        }

        @Test
        @SuppressWarnings("unchecked")
        void tenantRolesNeverLeakIntoTopLevelRoleClaims(TestRealm realm) {
            Map<String, Object> claims = verified(realm, realm.passwordGrant(APP, "alice", "openid organization:acme"));
            Map<String, Object> realmAccess = (Map<String, Object>) claims.getOrDefault("realm_access", Map.of());
            assertThat((List<String>) realmAccess.getOrDefault("roles", List.of()))
                    .doesNotContain("acme-realm-admin", "billing-realm-role", "member-realm-role");
            Map<String, Object> resourceAccess = (Map<String, Object>) claims.getOrDefault("resource_access", Map.of());
            assertThat(resourceAccess).doesNotContainKey(APP);
        }

        @Test
        @SuppressWarnings("unchecked")
        void isInIdTokenUserinfoAndIntrospection(TestRealm realm) {
            Http.Response tokens = realm.passwordGrant(APP, "alice", "openid organization:acme");
            Map<String, Object> idToken = Jwks.verify(realm.url(), tokens.string("id_token"));
            assertThat(tenant(idToken)).containsEntry("alias", "acme");

            Http.Response userinfo = Http.get(
                    realm.url() + "/protocol/openid-connect/userinfo", Http.bearer(tokens.string("access_token")));
            assertThat(userinfo.status()).as(userinfo.toString()).isEqualTo(200);
            assertThat((Map<String, Object>) userinfo.json().get("tenant")).containsEntry("alias", "acme");
        }

        @Test
        void aSingleTenantUserGetsThatTenantWithoutAsking(TestRealm realm) {
            assertThat(tenant(verified(realm, realm.passwordGrant(APP, "bob", "openid"))))
                    .containsEntry("alias", "acme");
        }

        @Test
        void aUserWithoutTenantGetsNoTenantClaim(TestRealm realm) {
            Map<String, Object> claims = verified(realm, realm.passwordGrant(APP, "carol", "openid"));
            assertThat(claims).doesNotContainKey("tenant");
            assertThat(claims.get("tenants")).isEqualTo(List.of());
        }

        @Test
        void tenantsClaimListsEnabledTenantsOnly(TestRealm realm) {
            Map<String, Object> claims = verified(realm, realm.passwordGrant(APP, "alice", "openid organization:acme"));
            assertThat(claims.get("tenants")).isEqualTo(List.of("acme", "globex"));
        }

        @Test
        void invalidMapperConfigurationIsRejectedWhenSaved(TestRealm realm) {
            Http.Response response = realm.adminCall(
                    "POST",
                    "/clients/" + appUuid + "/protocol-mappers/models",
                    Map.of(
                            "name",
                            "bad tenant mapper",
                            "protocol",
                            "openid-connect",
                            "protocolMapper",
                            "oidc-tenant-mapper",
                            "config",
                            Map.of("claim.name", "tenant", "resourceAccess", "everything")));
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.body()).contains("resourceAccess");
            Http.Response badLimit = realm.adminCall(
                    "POST",
                    "/clients/" + appUuid + "/protocol-mappers/models",
                    Map.of(
                            "name",
                            "bad tenant mapper",
                            "protocol",
                            "openid-connect",
                            "protocolMapper",
                            "oidc-tenant-mapper",
                            "config",
                            Map.of("claim.name", "tenant", "tenantsLimit", "0")));
            assertThat(badLimit.status()).as(badLimit.toString()).isEqualTo(400);
        }
    }

    @Nested
    class StrictSelection {

        @Test
        void askingForATenantTheUserIsNotAMemberOfIsRefused(TestRealm realm) {
            Http.Response response = realm.passwordGrant(APP, "bob", "openid organization:globex");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json()).containsEntry("error", "access_denied");
            assertThat(response.string("error_description")).contains("globex");
        }

        @Test
        void askingForADisabledTenantIsRefused(TestRealm realm) {
            Http.Response response = realm.passwordGrant(APP, "alice", "openid organization:initech");
            assertThat(response.status()).isEqualTo(400);
            // Keycloak itself refuses a disabled organization's scope before our check runs (README documents it)
            assertThat(response.string("error")).isEqualTo("invalid_scope");
        }

        @Test
        void theTenantParameterIsRefusedOnOtherGrants(TestRealm realm) {
            Http.Response response = Http.form(
                    realm.tokenEndpoint(),
                    Http.fields(
                            "grant_type",
                            "password",
                            "client_id",
                            APP,
                            "username",
                            "alice",
                            "password",
                            TestRealm.PASSWORD,
                            "scope",
                            "openid",
                            "tenant",
                            "acme"));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json()).containsEntry("error", "invalid_request");
        }

        @Test
        void aTenantRequiredClientRefusesAUserWithoutTenant(TestRealm realm) {
            String strictUuid = realm.createPublicClient("strict-app");
            Map<String, Object> client =
                    realm.adminCall("GET", "/clients/" + strictUuid, null).json();
            client.put("attributes", Map.of("tenancy.tenant.required", "true"));
            realm.adminOk("PUT", "/clients/" + strictUuid, client);

            Http.Response carolTokens = realm.passwordGrant("strict-app", "carol", "openid");
            assertThat(carolTokens.status()).isEqualTo(400);
            assertThat(carolTokens.json()).containsEntry("error", "access_denied");
            assertThat(realm.passwordGrant("strict-app", "bob", "openid").status())
                    .isEqualTo(200);
        }
    }

    @Nested
    class Switching {

        @Test
        void aRefreshWithTenantSwitchesTheChainFromAnyOriginalGrant(TestRealm realm) {
            Http.Response login = realm.passwordGrant(APP, "alice", "openid organization:acme");
            Http.Response switched = realm.refreshGrant(APP, refreshTokenOf(login), "tenant", "globex");
            Map<String, Object> claims = verified(realm, switched);
            assertThat(tenant(claims)).containsEntry("alias", "globex");
            assertThat(claims.get("scope").toString()).doesNotContain("organization:acme");

            // the chain continues in the new tenant
            Http.Response next = realm.refreshGrant(APP, refreshTokenOf(switched));
            assertThat(tenant(verified(realm, next))).containsEntry("alias", "globex");
            Http.Response back = realm.refreshGrant(APP, refreshTokenOf(next), "tenant", "acme");
            assertThat(tenant(verified(realm, back))).containsEntry("alias", "acme");
        }

        @Test
        void everySwitchIsAnEventWithFromAndToTenant(TestRealm realm) {
            realm.adminOk(
                    "PUT",
                    "/events/config",
                    Map.of(
                            "eventsEnabled",
                            true,
                            "enabledEventTypes",
                            List.of("REFRESH_TOKEN", "REFRESH_TOKEN_ERROR"),
                            "eventsListeners",
                            List.of("jboss-logging")));
            Http.Response login = realm.passwordGrant(APP, "alice", "openid organization:acme");
            assertThat(realm.refreshGrant(APP, refreshTokenOf(login), "tenant", "globex")
                            .status())
                    .isEqualTo(200);
            List<Object> events = realm.adminCall("GET", "/events?type=REFRESH_TOKEN&user=" + alice + "&max=5", null)
                    .jsonList();
            assertThat(events).anySatisfy(event -> {
                Map<String, Object> details = (Map<String, Object>) ((Map<String, Object>) event).get("details");
                assertThat(details).containsEntry("from_tenant", "acme").containsEntry("to_tenant", "globex");
                assertThat(((Map<String, Object>) event).get("clientId")).isEqualTo(APP);
            });
        }

        @Test
        void standardTokenExchangeWithAnOrganizationScopeSwitchesTheTenant(TestRealm realm) {
            String exchanger = realm.adminCreate(
                    "/clients",
                    Map.of(
                            "clientId",
                            "exchanger",
                            "publicClient",
                            false,
                            "secret",
                            "exchanger-secret",
                            "directAccessGrantsEnabled",
                            true,
                            "serviceAccountsEnabled",
                            false,
                            "attributes",
                            Map.of("standard.token.exchange.enabled", "true")));
            realm.adminCreate(
                    "/clients/" + exchanger + "/protocol-mappers/models",
                    Map.of(
                            "name",
                            "active tenant",
                            "protocol",
                            "openid-connect",
                            "protocolMapper",
                            "oidc-tenant-mapper",
                            "config",
                            Map.of("claim.name", "tenant", "access.token.claim", "true")));
            Http.Response login = Http.form(
                    realm.tokenEndpoint(),
                    Http.fields(
                            "grant_type",
                            "password",
                            "client_id",
                            "exchanger",
                            "client_secret",
                            "exchanger-secret",
                            "username",
                            "alice",
                            "password",
                            TestRealm.PASSWORD,
                            "scope",
                            "openid organization:acme"));
            assertThat(tenant(verified(realm, login))).containsEntry("alias", "acme");
            Http.Response exchanged = Http.form(
                    realm.tokenEndpoint(),
                    Http.fields(
                            "grant_type",
                            "urn:ietf:params:oauth:grant-type:token-exchange",
                            "client_id",
                            "exchanger",
                            "client_secret",
                            "exchanger-secret",
                            "subject_token",
                            login.string("access_token"),
                            "subject_token_type",
                            "urn:ietf:params:oauth:token-type:access_token",
                            "scope",
                            "organization:globex"));
            assertThat(tenant(verified(realm, exchanged))).containsEntry("alias", "globex");
        }

        @Test
        void aSwitchIntoATenantOfWhichTheUserIsNotAMemberIsRefused(TestRealm realm) {
            Http.Response login = realm.passwordGrant(APP, "bob", "openid");
            Http.Response response = realm.refreshGrant(APP, refreshTokenOf(login), "tenant", "globex");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json()).containsEntry("error", "invalid_grant");
            // the chain itself is unharmed
            assertThat(tenant(verified(realm, realm.refreshGrant(APP, refreshTokenOf(login)))))
                    .containsEntry("alias", "acme");
        }

        @Test
        void aSwitchIntoADisabledTenantIsRefused(TestRealm realm) {
            Http.Response login = realm.passwordGrant(APP, "alice", "openid organization:acme");
            Http.Response response = realm.refreshGrant(APP, refreshTokenOf(login), "tenant", "initech");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json()).containsEntry("error", "invalid_grant");
        }

        @Test
        void badTenantParametersGetAClearClientErrorAndChangeNothing(TestRealm realm, KeycloakServer server) {
            RealmRepresentation other = new RealmRepresentation();
            other.setRealm("it-tenantcontext-foreign");
            other.setEnabled(true);
            other.setOrganizationsEnabled(true);
            server.admin().realms().create(other);
            try {
                Http.json(
                        "POST",
                        server.baseUrl() + "/admin/realms/it-tenantcontext-foreign/organizations",
                        Map.of(
                                "alias",
                                "foreign",
                                "name",
                                "Foreign",
                                "domains",
                                List.of(Map.of("name", "foreign.test"))),
                        Http.bearer(server.admin().tokenManager().getAccessTokenString()));
                String refreshToken = refreshTokenOf(realm.passwordGrant(APP, "alice", "openid organization:acme"));
                for (String bad : List.of("", "unknown", "foreign", "a".repeat(10_000), "acme/../globex", " ")) {
                    Http.Response response = realm.refreshGrant(APP, refreshToken, "tenant", bad);
                    assertThat(response.status())
                            .as("tenant=%s: %s", abbreviate(bad), response)
                            .isBetween(400, 499);
                    assertThat(response.json()).containsKeys("error", "error_description");
                }
                assertThat(tenant(verified(realm, realm.refreshGrant(APP, refreshToken))))
                        .containsEntry("alias", "acme");
            } finally {
                server.admin().realm("it-tenantcontext-foreign").remove();
            }
        }

        private static String abbreviate(String value) {
            return value.length() > 20 ? value.substring(0, 20) + "…(" + value.length() + ")" : value;
        }
    }

    @Nested
    class ChainsKeepTheirTenant {

        @Test
        void twoTabsOfOneSsoSessionKeepAcmeAndGlobexThroughRefreshesInAnyOrder(TestRealm realm) {
            BrowserlessLogin browser = new BrowserlessLogin(realm, APP, REDIRECT);
            BrowserlessLogin.Result tabA = browser.authorize("openid organization:acme", "alice", null);
            assertThat(tabA.ok())
                    .as("tab A: %s %s", tabA.error(), tabA.errorDescription())
                    .isTrue();
            Http.Response tokensA = browser.exchange(tabA);
            BrowserlessLogin.Result tabB = browser.authorize("openid organization:globex", "alice", null);
            assertThat(tabB.ok())
                    .as("tab B: %s %s", tabB.error(), tabB.errorDescription())
                    .isTrue();
            Http.Response tokensB = browser.exchange(tabB);

            Map<String, Object> claimsA = verified(realm, tokensA);
            Map<String, Object> claimsB = verified(realm, tokensB);
            assertThat(claimsB.get("sid")).as("one SSO session").isEqualTo(claimsA.get("sid"));
            assertThat(tenant(claimsA)).containsEntry("alias", "acme");
            assertThat(tenant(claimsB)).containsEntry("alias", "globex");

            String refreshA = refreshTokenOf(tokensA);
            String refreshB = refreshTokenOf(tokensB);
            for (String order : List.of("A", "B", "B", "A", "A", "B")) {
                if (order.equals("A")) {
                    Http.Response next = realm.refreshGrant(APP, refreshA);
                    Map<String, Object> tenant = tenant(verified(realm, next));
                    assertThat(tenant).containsEntry("alias", "acme");
                    assertThat(tenant.get("resource_access")).isEqualTo(Map.of(APP, Map.of("roles", List.of("admin"))));
                    refreshA = refreshTokenOf(next);
                } else {
                    Http.Response next = realm.refreshGrant(APP, refreshB);
                    Map<String, Object> tenant = tenant(verified(realm, next));
                    assertThat(tenant).containsEntry("alias", "globex");
                    assertThat(tenant.get("resource_access"))
                            .isEqualTo(Map.of(APP, Map.of("roles", List.of("member"))));
                    refreshB = refreshTokenOf(next);
                }
            }

            // a page reload re-authenticates silently with the same tenant and keeps it
            BrowserlessLogin.Result reload =
                    browser.authorize("openid organization:acme", "alice", null, "prompt", "none");
            assertThat(reload.ok())
                    .as("prompt=none: %s %s", reload.error(), reload.errorDescription())
                    .isTrue();
            assertThat(tenant(verified(realm, browser.exchange(reload)))).containsEntry("alias", "acme");
        }

        @Test
        void aRemovedMemberGetsInvalidGrantOnTheNextRefresh(TestRealm realm) {
            Http.Response login = realm.passwordGrant(APP, "dave", "openid");
            assertThat(tenant(verified(realm, login))).containsEntry("alias", "globex");
            realm.adminOk("DELETE", "/organizations/" + globex + "/members/" + dave, null);
            try {
                Http.Response refreshed = realm.refreshGrant(APP, refreshTokenOf(login));
                assertThat(refreshed.status()).isEqualTo(400);
                assertThat(refreshed.json()).containsEntry("error", "invalid_grant");
            } finally {
                realm.addMember(globex, dave);
            }
        }

        @Test
        void aDisabledTenantEndsItsChainsAtTheNextRefresh(TestRealm realm) {
            String umbrella = realm.createOrganization("umbrella", "Umbrella", "umbrella.test");
            String erin = realm.createUser("erin", "erin@umbrella.test");
            realm.addMember(umbrella, erin);
            Http.Response login = realm.passwordGrant(APP, "erin", "openid");
            assertThat(tenant(verified(realm, login))).containsEntry("alias", "umbrella");
            realm.adminOk(
                    "PUT",
                    "/organizations/" + umbrella,
                    Map.of(
                            "alias",
                            "umbrella",
                            "name",
                            "Umbrella",
                            "enabled",
                            false,
                            "domains",
                            List.of(Map.of("name", "umbrella.test", "verified", true))));
            Http.Response refreshed = realm.refreshGrant(APP, refreshTokenOf(login));
            assertThat(refreshed.status()).isEqualTo(400);
            assertThat(refreshed.json()).containsEntry("error", "invalid_grant");
        }
    }
}
