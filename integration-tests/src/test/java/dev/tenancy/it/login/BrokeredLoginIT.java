package dev.tenancy.it.login;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.KeycloakServer;
import dev.tenancy.testsupport.TestRealm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Brokered login into a tenant: an OIDC and a SAML identity provider, both linked to the tenant {@code acme} with
 * domain routing ({@code kc.org.domain} + redirect when the email matches). A user who types an email of an IdP's
 * domain on the identity-first page is sent to that IdP, comes back, becomes a MANAGED member of the tenant through
 * first broker login, and gets the {@code tenant} claim of it; a returning user is the same user again.
 *
 * <p>The IdPs are two more realms of the same server, reached over http://localhost like any external IdP. One
 * tenant with two domains, one per IdP, is the shape of the claim under test ("an OIDC and a SAML IdP linked to a
 * tenant"); it also makes the routing pick the IdP by the email's domain within one organization, which the
 * assertions check through the user's federated identity. The test realm keeps Keycloak's default browser and first
 * broker login flows: the point is what stock routing plus our mapper give.</p>
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class BrokeredLoginIT {

    static final String APP = "brokered-app";
    static final String REDIRECT = "http://localhost/callback";

    static final String OIDC_IDP_REALM = "it-broker-oidc-idp";
    static final String OIDC_ALIAS = "acme-oidc";
    static final String OIDC_DOMAIN = "acme-oidc.test";
    static final String OIDC_BROKER_CLIENT = "tenancy-broker";
    static final String OIDC_BROKER_SECRET = "tenancy-broker-secret";

    static final String SAML_IDP_REALM = "it-broker-saml-idp";
    static final String SAML_ALIAS = "acme-saml";
    static final String SAML_DOMAIN = "acme-saml.test";
    static final String SAML_EMAIL_NAME_ID = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

    static final List<UpstreamRealm> upstreamRealms = new ArrayList<>();
    static String acme;

    @BeforeAll
    static void setUp(TestRealm realm, KeycloakServer server) {
        Map<String, Object> realmSettings = realm.adminCall("GET", "", null).json();
        assertThat(realmSettings.get("browserFlow"))
                .as("the test realm keeps the default browser flow")
                .isEqualTo("browser");
        assertThat(realm.adminCall("GET", "/authentication/flows/browser/executions", null)
                        .jsonList())
                .as("26.7.3's default browser flow holds the organization identity-first step")
                .anySatisfy(execution -> assertThat(((Map<String, Object>) execution).get("providerId"))
                        .isEqualTo("organization"));

        String app = realm.createPublicClient(APP);
        realm.adminCreate(
                "/clients/" + app + "/protocol-mappers/models",
                Map.of(
                        "name",
                        "active tenant",
                        "protocol",
                        "openid-connect",
                        "protocolMapper",
                        "oidc-tenant-mapper",
                        "config",
                        Map.of("claim.name", "tenant", "access.token.claim", "true")));
        acme = realm.createOrganization("acme", "Acme Corp", OIDC_DOMAIN, SAML_DOMAIN);

        UpstreamRealm oidc = UpstreamRealm.create(server, OIDC_IDP_REALM);
        oidc.createUser("jane", "jane@" + OIDC_DOMAIN, "Jane", "Doe");
        oidc.createUser("jim", "jim@" + OIDC_DOMAIN, "Jim", "Dunn");
        oidc.createUser("jill", "jill@" + OIDC_DOMAIN, "Jill", "Dale");
        oidc.adminCreate(
                "/clients",
                Map.of(
                        "clientId",
                        OIDC_BROKER_CLIENT,
                        "publicClient",
                        false,
                        "secret",
                        OIDC_BROKER_SECRET,
                        "standardFlowEnabled",
                        true,
                        "directAccessGrantsEnabled",
                        false,
                        "redirectUris",
                        List.of(brokerEndpoint(realm, OIDC_ALIAS))));
        // trustEmail: the tenant's own IdP vouches for the emails of its domain, so brokered users come verified
        realm.adminCreate(
                "/identity-provider/instances",
                Map.of(
                        "alias",
                        OIDC_ALIAS,
                        "providerId",
                        "oidc",
                        "enabled",
                        true,
                        "trustEmail",
                        true,
                        "config",
                        Map.ofEntries(
                                entry("authorizationUrl", oidc.url() + "/protocol/openid-connect/auth"),
                                entry("tokenUrl", oidc.url() + "/protocol/openid-connect/token"),
                                entry("issuer", oidc.url()),
                                entry("validateSignature", "true"),
                                entry("useJwksUrl", "true"),
                                entry("jwksUrl", oidc.url() + "/protocol/openid-connect/certs"),
                                entry("clientId", OIDC_BROKER_CLIENT),
                                entry("clientSecret", OIDC_BROKER_SECRET),
                                entry("clientAuthMethod", "client_secret_post"),
                                // the ID token's email, given_name and family_name complete the profile: no review page
                                entry("defaultScope", "openid email profile"),
                                entry("syncMode", "IMPORT"),
                                entry("kc.org.domain", OIDC_DOMAIN),
                                entry("kc.org.broker.redirect.mode.email-matches", "true"))));
        realm.adminOk("POST", "/organizations/" + acme + "/identity-providers", OIDC_ALIAS);

        UpstreamRealm saml = UpstreamRealm.create(server, SAML_IDP_REALM);
        saml.createUser("john", "john@" + SAML_DOMAIN, "John", "Roe");
        saml.createUser("joan", "joan@" + SAML_DOMAIN, "Joan", "Rowe");
        String samlEndpoint = brokerEndpoint(realm, SAML_ALIAS);
        saml.adminCreate(
                "/clients",
                Map.of(
                        "clientId",
                        realm.url(),
                        "protocol",
                        "saml",
                        "enabled",
                        true,
                        "redirectUris",
                        List.of(samlEndpoint),
                        "attributes",
                        Map.of(
                                "saml_assertion_consumer_url_post",
                                samlEndpoint,
                                // the consumer does not sign its AuthnRequests
                                "saml.client.signature",
                                "false",
                                // the email is the NameID: Keycloak's SAML broker takes an email-format NameID as the
                                // email
                                "saml_force_name_id_format",
                                "true",
                                "saml_name_id_format",
                                "email"),
                        "protocolMappers",
                        List.of(samlUserProperty("firstName"), samlUserProperty("lastName"))));
        realm.adminCreate(
                "/identity-provider/instances",
                Map.of(
                        "alias",
                        SAML_ALIAS,
                        "providerId",
                        "saml",
                        "enabled",
                        true,
                        "trustEmail",
                        true,
                        "config",
                        Map.ofEntries(
                                entry("singleSignOnServiceUrl", saml.url() + "/protocol/saml"),
                                entry("entityId", realm.url()),
                                entry("idpEntityId", saml.url()),
                                entry("nameIDPolicyFormat", SAML_EMAIL_NAME_ID),
                                entry("principalType", "SUBJECT"),
                                entry("postBindingAuthnRequest", "true"),
                                entry("postBindingResponse", "true"),
                                // signatures are Keycloak's own SAML broker business, not what this test is about
                                entry("validateSignature", "false"),
                                entry("wantAuthnRequestsSigned", "false"),
                                entry("syncMode", "IMPORT"),
                                entry("kc.org.domain", SAML_DOMAIN),
                                entry("kc.org.broker.redirect.mode.email-matches", "true"))));
        for (String attribute : List.of("firstName", "lastName")) {
            realm.adminCreate(
                    "/identity-provider/instances/" + SAML_ALIAS + "/mappers",
                    Map.of(
                            "name",
                            attribute,
                            "identityProviderAlias",
                            SAML_ALIAS,
                            "identityProviderMapper",
                            "saml-user-attribute-idp-mapper",
                            "config",
                            Map.of("syncMode", "INHERIT", "attribute.name", attribute, "user.attribute", attribute)));
        }
        realm.adminOk("POST", "/organizations/" + acme + "/identity-providers", SAML_ALIAS);
    }

    @AfterAll
    static void removeUpstreamRealms() {
        if (!Boolean.getBoolean("tenancy.keep-realms")) {
            upstreamRealms.forEach(UpstreamRealm::remove);
        }
        upstreamRealms.clear();
    }

    @Test
    void aUserOfTheOidcProviderSignsInAsAManagedMemberOfTheTenant(TestRealm realm) {
        String email = "jane@" + OIDC_DOMAIN;
        Map<String, Object> claims = signIn(realm, new BrowserlessLogin(realm, APP, REDIRECT), email);

        assertThat(tenant(claims)).containsEntry("id", acme).containsEntry("alias", "acme");
        Map<String, Object> user = onlyUserWithEmail(realm, email);
        assertThat(claims.get("sub")).isEqualTo(user.get("id"));
        assertThat(user).containsEntry("firstName", "Jane").containsEntry("lastName", "Doe");
        assertThat(identityProvidersOf(realm, user)).containsExactly(OIDC_ALIAS);
        assertIsManagedMemberOfAcme(realm, user);
    }

    @Test
    void aUserOfTheSamlProviderSignsInAsAManagedMemberOfTheTenant(TestRealm realm) {
        String email = "john@" + SAML_DOMAIN;
        Map<String, Object> claims = signIn(realm, new BrowserlessLogin(realm, APP, REDIRECT), email);

        assertThat(tenant(claims)).containsEntry("id", acme).containsEntry("alias", "acme");
        Map<String, Object> user = onlyUserWithEmail(realm, email);
        assertThat(claims.get("sub")).isEqualTo(user.get("id"));
        assertThat(user).containsEntry("firstName", "John").containsEntry("lastName", "Roe");
        assertThat(identityProvidersOf(realm, user)).containsExactly(SAML_ALIAS);
        assertIsManagedMemberOfAcme(realm, user);
    }

    /**
     * The next day (a fresh browser: no SSO session at either realm) the user exists and has no password, so the
     * identity-first step sends them to their home IdP, and the IdP's answer finds them by their federated link.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({OIDC_ALIAS + ", jim@" + OIDC_DOMAIN, SAML_ALIAS + ", joan@" + SAML_DOMAIN})
    void aReturningBrokeredUserSignsInAgainAsTheSameMemberWithTheTenant(
            String idpAlias, String email, TestRealm realm) {
        Map<String, Object> first = signIn(realm, new BrowserlessLogin(realm, APP, REDIRECT), email);
        Map<String, Object> again = signIn(realm, new BrowserlessLogin(realm, APP, REDIRECT), email);

        assertThat(again.get("sid")).as("a new SSO session").isNotEqualTo(first.get("sid"));
        assertThat(again.get("sub")).as("the same user").isEqualTo(first.get("sub"));
        assertThat(tenant(again)).containsEntry("id", acme).containsEntry("alias", "acme");
        Map<String, Object> user = onlyUserWithEmail(realm, email);
        assertThat(identityProvidersOf(realm, user)).containsExactly(idpAlias);
        assertIsManagedMemberOfAcme(realm, user);
    }

    /**
     * Keycloak presents a managed member of a disabled tenant (or any managed member while the realm's organizations
     * are off) as disabled and read-only, and asks on every user lookup. Our organization provider (tenant-mapper
     * {@code MemberOrganizationProvider}, an internal SPI) answers that question from one query per request instead
     * of one per tenant of the user; the answers must stay Keycloak's, for a managed member among unmanaged
     * memberships, an unmanaged member of a disabled tenant, and while tenants and the realm's organizations are
     * switched off and on. (The returning-user test above covers Keycloak's other managed-member question, the
     * routing to the home IdP.) If an upgrade drops the provider, the first assertion fails.
     */
    @Test
    void aManagedMemberIsDisabledExactlyWhileItsTenantOrTheRealmsOrganizationsAreOff(TestRealm realm) {
        Map<String, Object> providers = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) Http.get(
                                        realm.server().baseUrl() + "/admin/serverinfo",
                                        Http.bearer(realm.server()
                                                .admin()
                                                .tokenManager()
                                                .getAccessTokenString()))
                                .json()
                                .get("providers"))
                        .get("organization"))
                .get("providers");
        assertThat(providers).as("organization providers").containsKeys("tenancy", "infinispan", "jpa");

        signIn(realm, new BrowserlessLogin(realm, APP, REDIRECT), "jill@" + OIDC_DOMAIN);
        Map<String, Object> jillUser = onlyUserWithEmail(realm, "jill@" + OIDC_DOMAIN);
        assertIsManagedMemberOfAcme(realm, jillUser);
        String jill = (String) jillUser.get("id");
        String bystander = realm.createUser("bystander", "bystander@example.test");
        String sideOne = realm.createOrganization("side-one", "Side One");
        String sideTwo = realm.createOrganization("side-two", "Side Two");
        String sideOff = realm.createOrganization("side-off", "Side Off");
        for (String tenant : List.of(sideOne, sideTwo, sideOff)) {
            realm.addMember(tenant, jill);
        }
        realm.addMember(sideOff, bystander);
        realm.setOrganizationEnabled(sideOff, false);

        assertThat(realm.adminCall("GET", "/organizations/members/" + jill + "/organizations", null)
                        .jsonList())
                .as("jill's tenants")
                .extracting(org -> ((Map<String, Object>) org).get("alias"))
                .as("by name")
                .containsExactly("acme", "side-off", "side-one", "side-two");
        assertThat(membershipType(realm, acme, jill)).isEqualTo("MANAGED");
        for (String tenant : List.of(sideOne, sideTwo, sideOff)) {
            assertThat(membershipType(realm, tenant, jill))
                    .as("jill in %s", tenant)
                    .isEqualTo("UNMANAGED");
        }
        assertThat(isEnabled(realm, jill))
                .as("managed by an enabled tenant, unmanaged in a disabled one")
                .isTrue();
        assertThat(isEnabled(realm, bystander))
                .as("only an unmanaged member of a disabled tenant")
                .isTrue();
        assertThat(realm.passwordGrant("admin-cli", "bystander", "openid").status())
                .isEqualTo(200);

        realm.setOrganizationEnabled(acme, false);
        try {
            assertThat(isEnabled(realm, jill))
                    .as("managed by a disabled tenant")
                    .isFalse();
            assertThat(isEnabled(realm, bystander)).isTrue();
            Http.Response update = realm.adminCall("PUT", "/users/" + jill, Map.of("firstName", "Changed"));
            assertThat(update.status()).as("a read-only member: %s", update).isBetween(400, 499);
        } finally {
            realm.setOrganizationEnabled(acme, true);
        }
        assertThat(isEnabled(realm, jill)).as("its tenant enabled again").isTrue();

        realm.adminOk("PUT", "", Map.of("organizationsEnabled", false));
        try {
            assertThat(isEnabled(realm, jill))
                    .as("a managed member while organizations are off")
                    .isFalse();
            assertThat(isEnabled(realm, bystander)).isTrue();
        } finally {
            realm.adminOk("PUT", "", Map.of("organizationsEnabled", true));
        }
        assertThat(isEnabled(realm, jill)).as("organizations on again").isTrue();

        // scope "organization" (any tenant) takes the user's only ENABLED tenant: Keycloak filters its tenants by
        // isEnabled, which the provider answers from the same query
        realm.addMember(sideOne, bystander);
        assertThat(anyTenantOf(realm, "bystander")).as("side-off disabled").isEqualTo("side-one");
        realm.setOrganizationEnabled(sideOff, true);
        realm.setOrganizationEnabled(sideOne, false);
        assertThat(anyTenantOf(realm, "bystander")).as("side-one disabled").isEqualTo("side-off");
    }

    /** The active tenant of a password grant with scope {@code organization}, from the verified access token. */
    static String anyTenantOf(TestRealm realm, String username) {
        Http.Response tokens = realm.passwordGrant(APP, username, "openid organization");
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return (String)
                tenant(Jwks.verify(realm.url(), tokens.string("access_token"))).get("alias");
    }

    static boolean isEnabled(TestRealm realm, String userId) {
        return (Boolean) realm.adminCall("GET", "/users/" + userId, null).json().get("enabled");
    }

    static String membershipType(TestRealm realm, String organizationId, String userId) {
        return (String) realm.adminCall("GET", "/organizations/" + organizationId + "/members/" + userId, null)
                .json()
                .get("membershipType");
    }

    /** Types the email on the identity-first page, then signs in at whatever IdP realm the routing leads to. */
    static Map<String, Object> signIn(TestRealm realm, BrowserlessLogin browser, String email) {
        BrowserlessLogin.Result result =
                browser.authorize("openid organization", Map.of("username", email, "password", TestRealm.PASSWORD));
        assertThat(result.ok())
                .as("%s: %s%nlast page:%n%s", result.error(), result.errorDescription(), result.lastPage())
                .isTrue();
        Http.Response tokens = browser.exchange(result);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return Jwks.verify(realm.url(), tokens.string("access_token"));
    }

    static Map<String, Object> tenant(Map<String, Object> claims) {
        return (Map<String, Object>) claims.get("tenant");
    }

    static Map<String, Object> onlyUserWithEmail(TestRealm realm, String email) {
        List<Object> users =
                realm.adminCall("GET", "/users?exact=true&email=" + email, null).jsonList();
        assertThat(users).as("users with email %s", email).hasSize(1);
        return (Map<String, Object>) users.get(0);
    }

    static List<Object> identityProvidersOf(TestRealm realm, Map<String, Object> user) {
        return realm.adminCall("GET", "/users/" + user.get("id") + "/federated-identity", null).jsonList().stream()
                .map(link -> ((Map<String, Object>) link).get("identityProvider"))
                .toList();
    }

    static void assertIsManagedMemberOfAcme(TestRealm realm, Map<String, Object> user) {
        List<Object> managed = realm.adminCall(
                        "GET", "/organizations/" + acme + "/members?membershipType=MANAGED&max=100", null)
                .jsonList();
        assertThat(managed).as("managed members of acme").anySatisfy(member -> assertThat((Map<String, Object>) member)
                .containsEntry("id", user.get("id"))
                .containsEntry("membershipType", "MANAGED"));
    }

    static String brokerEndpoint(TestRealm realm, String idpAlias) {
        return realm.url() + "/broker/" + idpAlias + "/endpoint";
    }

    static Map<String, Object> samlUserProperty(String property) {
        return Map.of(
                "name",
                property,
                "protocol",
                "saml",
                "protocolMapper",
                "saml-user-property-mapper",
                "config",
                Map.of("user.attribute", property, "attribute.name", property, "attribute.nameformat", "Basic"));
    }

    /** A plain realm of the same server (no organizations) that plays an external identity provider. */
    record UpstreamRealm(KeycloakServer server, String name) {

        static UpstreamRealm create(KeycloakServer server, String name) {
            RealmRepresentation representation = new RealmRepresentation();
            representation.setRealm(name);
            representation.setEnabled(true);
            server.admin().realms().create(representation);
            UpstreamRealm realm = new UpstreamRealm(server, name);
            upstreamRealms.add(realm);
            return realm;
        }

        String url() {
            return server.baseUrl() + "/realms/" + name;
        }

        void adminCreate(String path, Object body) {
            Http.Response response = Http.json(
                    "POST",
                    server.baseUrl() + "/admin/realms/" + name + path,
                    body,
                    Http.bearer(server.admin().tokenManager().getAccessTokenString()));
            assertThat(response.status()).as("POST %s: %s", path, response).isEqualTo(201);
        }

        void createUser(String username, String email, String firstName, String lastName) {
            adminCreate(
                    "/users",
                    Map.of(
                            "username",
                            username,
                            "email",
                            email,
                            "emailVerified",
                            true,
                            "enabled",
                            true,
                            "firstName",
                            firstName,
                            "lastName",
                            lastName,
                            "credentials",
                            List.of(Map.of("type", "password", "value", TestRealm.PASSWORD, "temporary", false))));
        }

        void remove() {
            server.admin().realm(name).remove();
        }
    }
}
