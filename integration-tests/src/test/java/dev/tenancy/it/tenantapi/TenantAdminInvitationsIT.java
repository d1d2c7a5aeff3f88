package dev.tenancy.it.tenantapi;

import static dev.tenancy.it.TenantApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.HttpFormNavigator;
import dev.tenancy.it.TenantApi;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.TestRealm;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Tenant invitations without SMTP (the test realm has none): create with roles and expiry (the link comes back in the
 * answer), list by status with paging, resend (same id, new link), revoke, accept by API and by following the link in
 * a browser (the invitation page, then Accept: an existing user signs in; a new user registers with the invited
 * e-mail), single use, bad input. Declining and the pages themselves: ThemesIT.
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
public class TenantAdminInvitationsIT {

    static TenantApi api;
    static String acme;
    static String globex;
    static String acmeAdmins;
    static String acmeViewers;
    static String globexMembers;
    static String inviterToken;

    @BeforeAll
    static void setUp(TestRealm realm) {
        api = TenantApi.setUp(realm);
        acme = realm.createOrganization("acme", "Acme Corp");
        globex = realm.createOrganization("globex", "Globex Inc");
        acmeAdmins = api.groupWithPermissions(acme, "admins", "tenant-admin");
        acmeViewers = api.groupWithPermissions(acme, "viewers", "view-members");
        api.groupWithPermissions(acme, "inviters", "manage-invitations");
        globexMembers = api.groupWithPermissions(globex, "members");
        api.member(acme, "ann", acmeAdmins);
        api.member(globex, "gus", globexMembers);
        inviterToken = api.token("ann", "acme");
        api.createRealmAdmin("root");
    }

    static Http.Response invite(Object body) {
        return api.call("POST", "/acme/invitations", body, inviterToken);
    }

    static long count(String status) {
        return api.get("/acme/invitations?max=1000" + (status == null ? "" : "&status=" + status), inviterToken)
                .jsonList()
                .size();
    }

    /** The one redirect URI of the client tenancy-invitations. */
    static String callback() {
        return api.realm.url() + "/tenants/invitations/callback";
    }

    public static String keyOf(String link) {
        return URI.create(link).getQuery().replaceFirst("^key=", "");
    }

    @Nested
    class Create {

        @Test
        void withoutSmtpItSucceedsAndAnswersTheLinkRolesAndSevenDays() {
            long before = System.currentTimeMillis() / 1000;
            Http.Response created = invite(Map.of("email", "New.Person@Example.test", "roles", List.of("viewers")));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            Map<String, Object> invitation = created.json();
            assertThat(invitation)
                    .containsEntry("email", "new.person@example.test")
                    .containsEntry("status", "PENDING")
                    .containsEntry("emailSent", false)
                    .containsEntry("tenant", "acme")
                    .containsEntry("sentCount", 1);
            assertThat(invitation.get("link").toString())
                    .startsWith(api.realm.url() + "/tenants/invitations/accept?key=" + invitation.get("id") + ".");
            assertThat((List<Object>) invitation.get("roles")).singleElement().satisfies(r -> assertThat(
                            (Map<String, Object>) r)
                    .containsEntry("id", acmeViewers)
                    .containsEntry("path", "/viewers"));
            long expiresAt = ((Number) invitation.get("expiresAt")).longValue();
            assertThat(expiresAt - before).isBetween(7L * 24 * 3600 - 5, 7L * 24 * 3600 + 5);
            assertThat(created.header("Location")).endsWith("/tenants/acme/invitations/" + invitation.get("id"));

            Map<String, Object> read = api.get("/acme/invitations/" + invitation.get("id"), inviterToken)
                    .json();
            assertThat(read).containsEntry("status", "PENDING").doesNotContainKey("link");
            assertThat(api.realm
                            .adminCall("GET", "/users?email=new.person@example.test", null)
                            .jsonList())
                    .as("no user before acceptance")
                    .isEmpty();
            assertThat(api.adminEvents(acme)).anySatisfy(e -> assertThat((Map<String, Object>) e)
                    .containsEntry("operationType", "CREATE")
                    .containsEntry("resourcePath", "organizations/" + acme + "/invitations/" + invitation.get("id"))
                    .satisfies(m ->
                            assertThat(String.valueOf(m.get("representation"))).doesNotContain("key=")));
        }

        @Test
        void perInvitationExpiryUpToThirtyDays() {
            long before = System.currentTimeMillis() / 1000;
            Map<String, Object> invitation = invite(
                            Map.of("email", "month@example.test", "expiresInSeconds", 30L * 24 * 3600))
                    .json();
            assertThat(((Number) invitation.get("expiresAt")).longValue() - before)
                    .isBetween(30L * 24 * 3600 - 5, 30L * 24 * 3600 + 5);
        }

        @Test
        void duplicatesAndMembersConflict() {
            assertThat(invite(Map.of("email", "twice@example.test")).status()).isEqualTo(201);
            assertError(invite(Map.of("email", "TWICE@example.test")), 409, "conflict");
            assertError(invite(Map.of("email", "ann@users.test")), 409, "conflict");
        }

        @Test
        void badInputIsA400NamingTheFieldAndWritesNothing() {
            long before = count(null);
            List<Map.Entry<String, Object>> cases = List.of(
                    Map.entry("email", Map.of("email", "not-an-email")),
                    Map.entry("email", Map.of("email", "x".repeat(310) + "@example.test")),
                    Map.entry(
                            "expiresInSeconds",
                            Map.of("email", "a1@example.test", "expiresInSeconds", 30L * 24 * 3600 + 1)),
                    Map.entry("roles[0]", Map.of("email", "a2@example.test", "roles", List.of(globexMembers))));
            for (Map.Entry<String, Object> c : cases) {
                Http.Response response = invite(c.getValue());
                assertError(response, 400, "invalid_request");
                assertThat(response.string("error_description")).startsWith(c.getKey() + ":");
            }
            for (Object body : List.of(
                    Map.of("email", "a3@example.test", "expiresInSeconds", 0),
                    Map.of("email", "a4@example.test", "expiresInSeconds", -5),
                    Map.of("email", "a5@example.test", "roles", List.of("no-such-role")),
                    Map.of("email", "a6@example.test", "admin", true),
                    "{\"email\": \"a7@example.test\"",
                    "{\"email\": 42}",
                    Map.of())) {
                assertError(invite(body), 400, "invalid_request");
            }
            assertThat(count(null)).isEqualTo(before);
        }

        @Test
        void anInviterCannotHandOutPermissionsTheyDoNotHold(TestRealm realm) {
            String inviters =
                    (String) TenantAdminMembersIT.groupsByName(realm, acme).get("inviters");
            api.member(acme, "ivo", inviters);
            Http.Response escalation = api.call(
                    "POST",
                    "/acme/invitations",
                    Map.of("email", "friend@example.test", "roles", List.of("admins")),
                    api.token("ivo", "acme"));
            assertError(escalation, 403, "access_denied");
            assertThat(api.call(
                                    "POST",
                                    "/acme/invitations",
                                    Map.of("email", "friend@example.test"),
                                    api.token("ivo", "acme"))
                            .status())
                    .isEqualTo(201);
        }
    }

    @Nested
    class ListResendRevoke {

        @Test
        void listsByStatusWithPaging() {
            invite(Map.of("email", "p1@example.test"));
            invite(Map.of("email", "p2@example.test"));
            List<Object> pending = api.get("/acme/invitations?status=pending&max=1000", inviterToken)
                    .jsonList();
            assertThat(pending).allSatisfy(i -> assertThat((Map<String, Object>) i)
                    .containsEntry("status", "PENDING")
                    .doesNotContainKey("link"));
            List<Object> firstTwo =
                    api.get("/acme/invitations?first=0&max=2", inviterToken).jsonList();
            assertThat(firstTwo).hasSize(2);
            assertThat(api.get("/acme/invitations?first=1&max=1", inviterToken).jsonList())
                    .singleElement()
                    .isEqualTo(firstTwo.get(1));
            assertError(api.get("/acme/invitations?status=lost", inviterToken), 400, "invalid_request");
            assertError(api.get("/acme/invitations?max=5000", inviterToken), 400, "invalid_request");
        }

        @Test
        void resendKeepsTheIdAndReplacesTheLinkAndExpiry() {
            Map<String, Object> created = invite(Map.of("email", "resend@example.test", "expiresInSeconds", 60))
                    .json();
            Http.Response resent = api.call(
                    "POST",
                    "/acme/invitations/" + created.get("id") + "/resend",
                    Map.of("expiresInSeconds", 3600),
                    inviterToken);
            assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
            assertThat(resent.json())
                    .containsEntry("id", created.get("id"))
                    .containsEntry("sentCount", 2)
                    .containsEntry("status", "PENDING");
            assertThat(resent.string("link")).isNotEqualTo(created.get("link"));
            assertThat(((Number) resent.json().get("expiresAt")).longValue())
                    .isGreaterThan(((Number) created.get("expiresAt")).longValue());
            HttpFormNavigator.Page old =
                    new HttpFormNavigator().open(created.get("link").toString(), null);
            assertThat(old.status()).isEqualTo(400);
            assertThat(api.call("POST", "/acme/invitations/" + created.get("id") + "/resend", null, inviterToken)
                            .status())
                    .isEqualTo(200);
        }

        @Test
        void revokeEndsTheLinkAndIsFinal(TestRealm realm) {
            Map<String, Object> created =
                    invite(Map.of("email", "gus@users.test")).json();
            assertThat(api.call("DELETE", "/acme/invitations/" + created.get("id"), null, inviterToken)
                            .status())
                    .isEqualTo(204);
            assertThat(api.get("/acme/invitations/" + created.get("id"), inviterToken)
                            .json())
                    .containsEntry("status", "REVOKED")
                    .containsKey("revokedAt");
            assertError(
                    api.call("DELETE", "/acme/invitations/" + created.get("id"), null, inviterToken), 409, "conflict");
            assertError(
                    api.call("POST", "/acme/invitations/" + created.get("id") + "/resend", null, inviterToken),
                    409,
                    "conflict");
            assertError(
                    api.call(
                            "POST",
                            "/invitations/accept",
                            Map.of("key", keyOf(created.get("link").toString())),
                            api.token("gus", "globex")),
                    409,
                    "conflict");
            assertThat(api.get("/acme/invitations?status=revoked", inviterToken).jsonList())
                    .anySatisfy(i -> assertThat((Map<String, Object>) i).containsEntry("id", created.get("id")));
        }

        @Test
        void invitationsOfAnotherTenantAreNotFound() {
            Map<String, Object> created =
                    invite(Map.of("email", "other@example.test")).json();
            assertError(api.get("/globex/invitations/" + created.get("id"), api.token("root", null)), 404, "not_found");
            assertError(
                    api.get("/globex/invitations/" + created.get("id"), api.token("gus", "globex")),
                    403,
                    "access_denied");
            assertError(api.get("/acme/invitations/no-such-id", inviterToken), 404, "not_found");
        }
    }

    @Nested
    class Accept {

        @Test
        void anExistingUserOfAnotherTenantAcceptsByApiOnceAndGetsTheRoles(TestRealm realm) {
            String hal = realm.createUser("hal", "hal@example.test");
            realm.addMember(globex, hal);
            Map<String, Object> created = invite(Map.of("email", "hal@example.test", "roles", List.of("viewers")))
                    .json();
            String key = keyOf(created.get("link").toString());
            String halToken = api.token("hal", "globex");

            assertError(
                    api.call("POST", "/invitations/accept", Map.of("key", key), api.token("gus", "globex")),
                    403,
                    "access_denied");
            Http.Response accepted = api.call("POST", "/invitations/accept", Map.of("key", key), halToken);
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
            assertThat(accepted.json()).containsEntry("tenant", "acme").containsEntry("roles", List.of("/viewers"));
            assertError(api.call("POST", "/invitations/accept", Map.of("key", key), halToken), 409, "conflict");

            Map<String, Object> me = api.get("/me", api.token("hal", "acme")).json();
            assertThat((List<Object>) me.get("tenants"))
                    .extracting(t -> ((Map<String, Object>) t).get("alias"))
                    .containsExactly("acme", "globex");
            assertThat(api.get("/acme/members", api.token("hal", "acme")).status())
                    .isEqualTo(200);
            assertThat(api.get("/acme/invitations/" + created.get("id"), inviterToken)
                            .json())
                    .containsEntry("status", "ACCEPTED")
                    .containsEntry("acceptedBy", hal);
            assertThat(api.adminEvents(acme)).anySatisfy(e -> assertThat((Map<String, Object>) e)
                    .containsEntry("resourcePath", "organizations/" + acme + "/members/" + hal)
                    .satisfies(m -> assertThat((Map<String, Object>) m.get("details"))
                            .containsEntry("invitation_id", created.get("id"))));
        }

        @Test
        void aWrongOrForgedKeyIsNotFound() {
            Map<String, Object> created =
                    invite(Map.of("email", "forged@example.test")).json();
            String token = api.token("gus", "globex");
            assertError(
                    api.call("POST", "/invitations/accept", Map.of("key", created.get("id") + ".forged"), token),
                    404,
                    "not_found");
            assertError(api.call("POST", "/invitations/accept", Map.of("key", "nonsense"), token), 404, "not_found");
            assertError(api.call("POST", "/invitations/accept", Map.of("key", ""), token), 400, "invalid_request");
            assertError(api.call("POST", "/invitations/accept", Map.of("key", "x"), null), 401, "invalid_token");
        }

        @Test
        void anUnknownLinkWithBracesInItsKeyShowsThePageNot500() {
            // found by EndpointFuzzIT: the page's own link was built with a URI template, which read {..} as a variable
            for (String key : List.of("{{7*7}}", "${jndi:x}", "a}b{")) {
                Http.Response page = Http.get(
                        api.realm.url() + "/tenants/invitations/accept?key="
                                + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8),
                        Map.of());
                assertThat(page.status()).as(key + ": " + page).isEqualTo(400);
                assertThat(page.header("Content-Type")).startsWith("text/html");
            }
        }

        @Test
        void anExpiredInvitationCannotBeAccepted(TestRealm realm) throws InterruptedException {
            realm.createUser("kim", "kim@example.test");
            Map<String, Object> created = invite(Map.of("email", "kim@example.test", "expiresInSeconds", 1))
                    .json();
            Thread.sleep(2100);
            assertThat(api.get("/acme/invitations/" + created.get("id"), inviterToken)
                            .json())
                    .containsEntry("status", "EXPIRED");
            assertThat(api.get("/acme/invitations?status=expired", inviterToken).jsonList())
                    .anySatisfy(i -> assertThat((Map<String, Object>) i).containsEntry("id", created.get("id")));
            assertError(
                    api.call(
                            "POST",
                            "/invitations/accept",
                            Map.of("key", keyOf(created.get("link").toString())),
                            api.token("kim", null)),
                    409,
                    "conflict");
            assertThat(new HttpFormNavigator()
                            .open(created.get("link").toString(), null)
                            .status())
                    .isEqualTo(400);
        }

        @Test
        void followingTheLinkAnExistingUserSignsInAndJoins(TestRealm realm) {
            realm.createUser("liz", "liz@example.test");
            Map<String, Object> created = invite(Map.of("email", "liz@example.test", "roles", List.of(acmeViewers)))
                    .json();
            HttpFormNavigator browser = new HttpFormNavigator();
            HttpFormNavigator.Page invitationPage =
                    browser.open(created.get("link").toString(), null);
            assertThat(invitationPage.status()).as(invitationPage.body()).isEqualTo(200);
            assertThat(invitationPage.body()).contains("Acme Corp").contains("name=\"decision\" value=\"accept\"");
            HttpFormNavigator.Page login = browser.submit(invitationPage, Map.of("decision", "accept"), null);
            assertThat(login.status()).as(login.body()).isEqualTo(200);
            assertThat(login.uri().getPath()).endsWith("/protocol/openid-connect/auth");
            assertThat(login.uri().getQuery())
                    .contains("client_id=tenancy-invitations")
                    .contains("login_hint=liz@example.test")
                    .contains("code_challenge_method=S256")
                    .contains("code_challenge=")
                    .contains("redirect_uri=" + callback());
            HttpFormNavigator.Page joined =
                    browser.submit(login, Map.of("username", "liz", "password", TestRealm.PASSWORD), null);
            assertThat(joined.status()).as(joined.body()).isEqualTo(200);
            assertThat(joined.body()).contains("You joined Acme Corp");
            assertThat(api.get("/acme/invitations/" + created.get("id"), inviterToken)
                            .json())
                    .containsEntry("status", "ACCEPTED");
            assertThat(api.get("/me", api.token("liz", "acme"))
                            .json()
                            .get("tenants")
                            .toString())
                    .contains("/viewers");

            HttpFormNavigator.Page again = browser.open(created.get("link").toString(), null);
            assertThat(again.status()).isEqualTo(400);
            assertThat(again.body()).contains("accepted");
        }

        @Test
        void followingTheLinkANewUserRegistersWithTheInvitedEmailAndJoins(TestRealm realm) {
            Map<String, Object> registration = realm.adminCall("GET", "", null).json();
            registration.put("registrationAllowed", true);
            realm.adminOk("PUT", "", registration);
            try {
                Map<String, Object> created = invite(
                                Map.of("email", "newbie@example.test", "roles", List.of("viewers")))
                        .json();
                assertThat(realm.adminCall("GET", "/users?email=newbie@example.test", null)
                                .jsonList())
                        .isEmpty();
                HttpFormNavigator browser = new HttpFormNavigator();
                HttpFormNavigator.Page invitationPage =
                        browser.open(created.get("link").toString(), null);
                HttpFormNavigator.Page form = browser.submit(invitationPage, Map.of("decision", "accept"), null);
                assertThat(form.status()).as(form.body()).isEqualTo(200);
                // the registration form starts with the invited e-mail (themes module)
                assertThat(HttpFormNavigator.inputValue(form, "email")).isEqualTo("newbie@example.test");
                assertThat(HttpFormNavigator.inputNames(form)).contains("email", "password", "password-confirm");
                Map<String, String> values = new java.util.HashMap<>(Map.of(
                        "email",
                        "newbie@example.test",
                        "firstName",
                        "New",
                        "lastName",
                        "Bie",
                        "password",
                        TestRealm.PASSWORD,
                        "password-confirm",
                        TestRealm.PASSWORD));
                if (HttpFormNavigator.inputNames(form).contains("username")) {
                    values.put("username", "newbie");
                }
                HttpFormNavigator.Page joined = browser.submit(form, values, null);
                assertThat(joined.status()).as(joined.body()).isEqualTo(200);
                assertThat(joined.body()).contains("You joined Acme Corp");
                assertThat(api.get("/acme/invitations/" + created.get("id"), inviterToken)
                                .json())
                        .containsEntry("status", "ACCEPTED");
                assertThat(realm.adminCall("GET", "/users?email=newbie@example.test", null)
                                .jsonList())
                        .singleElement()
                        .satisfies(u -> assertThat((Map<String, Object>) u)
                                .as("registered through the mailed link")
                                .containsEntry("emailVerified", true));
            } finally {
                registration.put("registrationAllowed", false);
                realm.adminOk("PUT", "", registration);
            }
        }

        @Test
        void anUnverifiedAccountWithTheInvitedAddressIsRefusedUntilVerifiedAndNothingIsWritten(TestRealm realm) {
            // e.g. an account someone registered with the invitee's address before the invitation existed
            String una = realm.adminCreate(
                    "/users",
                    Map.of(
                            "username",
                            "una",
                            "email",
                            "una@example.test",
                            "enabled",
                            true,
                            "emailVerified",
                            false,
                            "firstName",
                            "Una",
                            "lastName",
                            "Test",
                            "credentials",
                            List.of(Map.of("type", "password", "value", TestRealm.PASSWORD, "temporary", false))));
            Map<String, Object> created = invite(Map.of("email", "una@example.test", "roles", List.of("viewers")))
                    .json();
            String key = keyOf(created.get("link").toString());

            Http.Response byApi = api.call("POST", "/invitations/accept", Map.of("key", key), api.token("una", null));
            assertError(byApi, 403, "access_denied");
            assertThat(byApi.string("error_description")).contains("Verify your e-mail address");

            HttpFormNavigator browser = new HttpFormNavigator();
            HttpFormNavigator.Page login = browser.submit(
                    browser.open(created.get("link").toString(), null), Map.of("decision", "accept"), null);
            HttpFormNavigator.Page refused =
                    browser.submit(login, Map.of("username", "una", "password", TestRealm.PASSWORD), null);
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.uri().getPath()).endsWith("/tenants/invitations/callback");
            assertThat(refused.body())
                    .contains("data-state=\"EMAIL_NOT_VERIFIED\"")
                    .contains("not verified")
                    .contains("value=\"verify\"")
                    .doesNotContain("value=\"accept\"");

            assertThat(api.get("/acme/invitations/" + created.get("id"), inviterToken)
                            .json())
                    .containsEntry("status", "PENDING");
            assertThat(api.get("/me", api.token("una", null))
                            .json()
                            .get("tenants")
                            .toString())
                    .as("not a member")
                    .doesNotContain("acme");
            assertThat(realm.adminCall("GET", "/users/" + una, null).json()).containsEntry("emailVerified", false);

            // the page's button runs Keycloak's own e-mail verification and comes back to the callback
            HttpFormNavigator.Page verify =
                    browser.submit(refused, Map.of("decision", "verify"), realm.url() + "/protocol");
            assertThat(verify.uri().getPath()).endsWith("/protocol/openid-connect/auth");
            assertThat(verify.uri().getQuery())
                    .contains("kc_action=VERIFY_EMAIL")
                    .contains("code_challenge_method=S256")
                    .contains("redirect_uri=" + callback());
        }

        @Test
        void signingInAsAnotherVerifiedAccountIsRefusedAndNothingIsWritten(TestRealm realm) {
            realm.createUser("zed", "zed@example.test");
            Map<String, Object> created =
                    invite(Map.of("email", "zed@example.test")).json();
            HttpFormNavigator browser = new HttpFormNavigator();
            HttpFormNavigator.Page start = browser.submit(
                    browser.open(created.get("link").toString(), null),
                    Map.of("decision", "accept"),
                    realm.url() + "/protocol");
            // the invitee's browser, but the sign-in is made as someone else (the login_hint is only a hint)
            HttpFormNavigator.Page login = browser.open(start.location().replaceFirst("&login_hint=[^&]*", ""), null);
            HttpFormNavigator.Page refused =
                    browser.submit(login, Map.of("username", "gus", "password", TestRealm.PASSWORD), null);
            if (refused.status() == 200 && refused.body().contains("name=\"password\"")) {
                refused = browser.submit(refused, Map.of("password", TestRealm.PASSWORD), null); // identity-first
            }
            assertThat(refused.uri().getPath()).endsWith("/tenants/invitations/callback");
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.body()).contains("data-state=\"WRONG_ACCOUNT\"").contains("zed@example.test");
            assertThat(api.get("/acme/invitations/" + created.get("id"), inviterToken)
                            .json())
                    .containsEntry("status", "PENDING");
            assertThat(api.get("/me", api.token("gus", null))
                            .json()
                            .get("tenants")
                            .toString())
                    .doesNotContain("acme");
        }

        @Test
        void theCallbackWithoutTheSignInOfThisBrowserJoinsNobody(TestRealm realm) {
            realm.createUser("moe", "moe@example.test");
            Map<String, Object> created =
                    invite(Map.of("email", "moe@example.test")).json();
            HttpFormNavigator browser = new HttpFormNavigator();
            HttpFormNavigator.Page login = browser.submit(
                    browser.open(created.get("link").toString(), null), Map.of("decision", "accept"), null);
            HttpFormNavigator.Page back =
                    browser.submit(login, Map.of("username", "moe", "password", TestRealm.PASSWORD), callback());
            // the same code and state in another browser (no cookie with the PKCE verifier): nothing happens
            Http.Response elsewhere = Http.get(back.location(), Map.of());
            assertThat(elsewhere.status()).isEqualTo(400);
            assertThat(elsewhere.body()).contains("PAGE_EXPIRED");
            // a wrong state in this browser: refused as well
            HttpFormNavigator.Page forged =
                    browser.open(back.location().replaceFirst("state=[^&]+", "state=forged"), null);
            assertThat(forged.status()).isEqualTo(400);
            assertThat(api.get("/acme/invitations/" + created.get("id"), inviterToken)
                            .json())
                    .containsEntry("status", "PENDING");
            // made-up codes with this browser's cookie and state: refused, never a 5xx
            String state = back.location().replaceFirst(".*[?&]state=([^&]+).*", "$1");
            for (String code : List.of("x", "a.b.c", "%7Bx%7D", "a".repeat(3000))) {
                HttpFormNavigator.Page made = browser.open(callback() + "?state=" + state + "&code=" + code, null);
                assertThat(made.status()).as(code).isEqualTo(400);
                assertThat(made.body()).contains("SIGN_IN_NOT_COMPLETED");
            }
            // Keycloak itself refuses a NUL in a query parameter before our code runs: also a 400
            assertThat(browser.open(callback() + "?state=" + state + "&code=%00.%00.%00", null)
                            .status())
                    .isEqualTo(400);
            // the genuine return still joins
            HttpFormNavigator.Page joined = browser.open(back.location(), null);
            assertThat(joined.status()).as(joined.body()).isEqualTo(200);
            assertThat(joined.body()).contains("You joined Acme Corp");
        }

        @Test
        void anAddressWithBracesIsEncodedInTheSignInRequestNot500(TestRealm realm) {
            // RFC 5322 allows braces in the local part; JAX-RS URI templates would read them as variables
            Http.Response invited = invite(Map.of("email", "b{r}ace@example.test"));
            if (invited.status() == 400) {
                // if the API refuses such addresses (Input.EMAIL), they never reach a URL of ours: a clear 400 is fine
                assertError(invited, 400, "invalid_request");
                return;
            }
            assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
            Map<String, Object> created = invited.json();
            assertThat(created.get("link").toString()).contains("/tenants/invitations/accept?key=");
            HttpFormNavigator browser = new HttpFormNavigator();
            HttpFormNavigator.Page login = browser.submit(
                    browser.open(created.get("link").toString(), null),
                    Map.of("decision", "accept"),
                    realm.url() + "/protocol");
            assertThat(login.uri().getRawQuery()).contains("login_hint=b%7Br%7Dace%40example.test");
        }

        @Test
        void aSuspendedTenantsLinkIsRefused(TestRealm realm) {
            String tenant = realm.createOrganization("umbrella", "Umbrella");
            String admins = api.groupWithPermissions(tenant, "admins", "tenant-admin");
            api.member(tenant, "uma", admins);
            realm.createUser("vic", "vic@example.test");
            Map<String, Object> created = api.call(
                            "POST",
                            "/umbrella/invitations",
                            Map.of("email", "vic@example.test"),
                            api.token("uma", "umbrella"))
                    .json();
            Map<String, Object> org =
                    realm.adminCall("GET", "/organizations/" + tenant, null).json();
            org.put("enabled", false);
            realm.adminOk("PUT", "/organizations/" + tenant, org);
            assertError(
                    api.call(
                            "POST",
                            "/invitations/accept",
                            Map.of("key", keyOf(created.get("link").toString())),
                            api.token("vic", null)),
                    409,
                    "conflict");
            assertThat(new HttpFormNavigator()
                            .open(created.get("link").toString(), null)
                            .status())
                    .isEqualTo(400);
        }
    }

    /** The client the invitation page signs in with: PKCE S256, one exact redirect URI, upgraded when loosened. */
    @Nested
    class InvitationsClient {

        Map<String, Object> client(TestRealm realm) {
            return (Map<String, Object>) realm.adminCall("GET", "/clients?clientId=tenancy-invitations", null)
                    .jsonList()
                    .get(0);
        }

        String authorize(String redirectUri, String challengeMethod) {
            String challenge = "E9Melhoa2OwvFWZnX1-Vys_6dmIm_DVSMGFLPSrIk_A";
            return api.realm.url() + "/protocol/openid-connect/auth?client_id=tenancy-invitations&response_type=code"
                    + "&scope=openid&state=s&redirect_uri="
                    + java.net.URLEncoder.encode(redirectUri, java.nio.charset.StandardCharsets.UTF_8)
                    + (challengeMethod == null
                            ? ""
                            : "&code_challenge=" + challenge + "&code_challenge_method=" + challengeMethod);
        }

        @Test
        void isPublicWithPkceS256AndOneExactRedirectUri(TestRealm realm) {
            Map<String, Object> client = client(realm);
            assertThat(client)
                    .containsEntry("publicClient", true)
                    .containsEntry("standardFlowEnabled", true)
                    .containsEntry("implicitFlowEnabled", false)
                    .containsEntry("directAccessGrantsEnabled", false)
                    .containsEntry("serviceAccountsEnabled", false);
            assertThat((Map<String, Object>) client.get("attributes"))
                    .containsEntry("pkce.code.challenge.method", "S256");
            assertThat((List<Object>) client.get("redirectUris"))
                    .containsExactly("/realms/" + realm.name() + "/tenants/invitations/callback");
            assertThat((List<Object>) client.get("webOrigins")).isEmpty();
        }

        @Test
        void keycloakRefusesARequestWithoutS256OrWithAnotherRedirectUri() {
            Http.Response withoutChallenge = Http.get(authorize(callback(), null), Map.of());
            assertThat(withoutChallenge.status()).isEqualTo(302);
            assertThat(withoutChallenge.header("Location"))
                    .startsWith(callback() + "?")
                    .contains("error=invalid_request")
                    .doesNotContain("code=");
            Http.Response plain = Http.get(authorize(callback(), "plain"), Map.of());
            assertThat(plain.header("Location"))
                    .contains("error=invalid_request")
                    .doesNotContain("code=");

            for (String other : List.of(
                    api.realm.url() + "/tenants/invitations/accept?key=x",
                    callback() + "?x=1",
                    callback() + "/more",
                    "https://evil.test/realms/x/tenants/invitations/callback")) {
                Http.Response refused = Http.get(authorize(other, "S256"), Map.of());
                assertThat(refused.status()).as(other).isEqualTo(400);
                assertThat(refused.header("Location")).as(other).isNull();
            }
            assertThat(Http.get(authorize(callback(), "S256"), Map.of()).status())
                    .as("the login page")
                    .isEqualTo(200);
        }

        @Test
        void aClientOfAnOlderVersionIsUpgradedWhenThePageStartsASignIn(TestRealm realm) {
            Map<String, Object> client = client(realm);
            Map<String, Object> old = new java.util.HashMap<>(client);
            old.put("redirectUris", List.of("/realms/" + realm.name() + "/tenants/invitations/accept*"));
            Map<String, Object> attributes = new java.util.HashMap<>((Map<String, Object>) client.get("attributes"));
            attributes.put("pkce.code.challenge.method", "");
            old.put("attributes", attributes);
            realm.adminOk("PUT", "/clients/" + client.get("id"), old);
            assertThat((List<Object>) client(realm).get("redirectUris"))
                    .singleElement()
                    .asString()
                    .endsWith("*");

            realm.createUser("olga", "olga@example.test");
            Map<String, Object> created =
                    invite(Map.of("email", "olga@example.test")).json();
            HttpFormNavigator browser = new HttpFormNavigator();
            HttpFormNavigator.Page login = browser.submit(
                    browser.open(created.get("link").toString(), null), Map.of("decision", "accept"), null);
            assertThat(login.status()).as(login.body()).isEqualTo(200);

            Map<String, Object> upgraded = client(realm);
            assertThat((List<Object>) upgraded.get("redirectUris"))
                    .containsExactly("/realms/" + realm.name() + "/tenants/invitations/callback");
            assertThat((Map<String, Object>) upgraded.get("attributes"))
                    .containsEntry("pkce.code.challenge.method", "S256");
            HttpFormNavigator.Page joined =
                    browser.submit(login, Map.of("username", "olga", "password", TestRealm.PASSWORD), null);
            assertThat(joined.body()).contains("You joined Acme Corp");
        }
    }
}
