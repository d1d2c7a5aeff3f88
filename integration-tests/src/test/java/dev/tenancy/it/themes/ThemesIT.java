package dev.tenancy.it.themes;

import static dev.tenancy.it.TenantApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.it.HttpFormNavigator;
import dev.tenancy.it.TenantApi;
import dev.tenancy.testsupport.BrowserlessLogin;
import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.Jwks;
import dev.tenancy.testsupport.KeycloakIntegrationTest;
import dev.tenancy.testsupport.SmtpSink;
import dev.tenancy.testsupport.TestRealm;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The {@code tenancy} themes on the real server, over HTTP (the pages as served; Chromium checks are in
 * {@link ThemesBrowserIT}): per-tenant branding of the login pages and its escaping, the tenant picker of the
 * "Tenant selection" step, the invitation page (accept, decline, unusable links, German), and the invitation e-mail
 * through a real SMTP conversation.
 */
@KeycloakIntegrationTest
@SuppressWarnings("unchecked")
class ThemesIT {

    static ThemeRealm fixture;

    @BeforeAll
    static void setUp(TestRealm realm) {
        fixture = ThemeRealm.setUp(realm);
    }

    static HttpFormNavigator.Page open(String url) {
        HttpFormNavigator.Page page = new HttpFormNavigator().open(url, null);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page;
    }

    @Nested
    class Branding {

        @Test
        void aRequestedTenantBrandsTheLoginPageWithItsNameLogoAndColour() {
            String page = open(fixture.authUrl("openid organization:acme")).body();
            assertThat(page)
                    .contains("id=\"tenancy-brand\"")
                    .contains("data-tenant=\"acme\"")
                    .contains("class=\"tenancy-brand-name\">Acme Corporation</span>")
                    // the logo stands next to the name in the heading: decorative
                    .contains("src=\"" + ThemeRealm.LOGO_HOST + "acme.svg\" alt=\"\"")
                    .contains("--tenancy-primary: #b3261e;")
                    .contains("--tenancy-on-primary: #ffffff;")
                    // the page is Keycloak's keycloak.v2 login, wrapped, not copied
                    .contains("kc-form-login")
                    .contains("css/tenancy.css")
                    .contains("login-pf");
        }

        @Test
        void aLoginWithoutTenantIsUnbranded() {
            String page = open(fixture.authUrl("openid")).body();
            assertThat(page)
                    .contains("kc-form-login")
                    .contains("css/tenancy.css")
                    .doesNotContain("id=\"tenancy-brand\"")
                    .doesNotContain("tenancy-brand-style");
        }

        @Test
        void theLoginHintDomainNamesTheTenant() {
            String page = open(fixture.authUrl("openid", "login_hint", "someone@globex.test"))
                    .body();
            assertThat(page)
                    .contains("data-tenant=\"globex\"")
                    .contains(">Globex Inc</span>")
                    .doesNotContain("tenancy-brand-logo")
                    .doesNotContain("tenancy-brand-style");
        }

        @Test
        void theLoginPagesAreGermanForAGermanBrowser() {
            HttpFormNavigator.Page page = new HttpFormNavigator(Map.of("Accept-Language", "de-DE,de;q=0.9"))
                    .open(fixture.authUrl("openid organization:acme"), null);
            assertThat(page.body())
                    .contains("Acme Corporation")
                    .contains("Anmelden")
                    .contains("lang=\"de\"");
        }

        @Test
        void htmlInATenantsNameAndBrandingIsShownAsTextAndBadValuesAreNotRendered() {
            Http.Response refused = fixture.putAttributes(
                    fixture.tenants.get("evil"),
                    Map.of(
                            "tenancy.branding.display-name", ThemeRealm.EVIL_DISPLAY_NAME,
                            "tenancy.branding.logo-url", "javascript:alert('logo')",
                            "tenancy.branding.primary-color", "red;}</style><script>alert('color')</script>"));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(String.valueOf(refused.json().get("errorMessage")))
                    .contains("tenancy.branding.logo-url")
                    .contains("tenancy.branding.primary-color");
            String page = open(fixture.authUrl("openid organization:evil")).body();
            assertThat(page)
                    .contains("data-tenant=\"evil\"")
                    // the display name (invalid? no: any one-line text is a valid name) is escaped
                    .contains("&quot;&gt;&lt;script&gt;alert(&#39;display&#39;)&lt;/script&gt;")
                    .doesNotContain("<script>alert(")
                    .doesNotContain("javascript:alert")
                    .doesNotContain("tenancy-brand-logo")
                    .doesNotContain("tenancy-brand-style")
                    .doesNotContain("</style><script>");
            String rogue = open(fixture.authUrl("openid organization:rogue")).body();
            assertThat(rogue)
                    .contains(
                            "class=\"tenancy-brand-name\">&lt;img src=x onerror=alert(1)&gt; Evil &amp; &quot;Co&quot;</span>")
                    .doesNotContain("<img src=x");
        }

        @Test
        void theTenantApiAcceptsOnlyHttpsLogosAndHexColours() {
            String token = fixture.api.token("ann", "acme");
            for (Map.Entry<String, String> bad : List.of(
                    Map.entry("logo-url", "http://cdn.acme.test/logo.png"),
                    Map.entry("logo-url", "javascript:alert(1)"),
                    Map.entry("primary-color", "red"),
                    Map.entry("primary-color", "#b3261e;}</style>"),
                    Map.entry("display-name", "Acme\nCorp"))) {
                Http.Response response = fixture.api.call(
                        "PUT", "/acme", Map.of("branding", Map.of(bad.getKey(), bad.getValue())), token);
                assertError(response, 400, "invalid_request");
                assertThat(response.string("error_description")).startsWith("branding." + bad.getKey() + ":");
            }
            Http.Response ok =
                    fixture.api.call("PUT", "/acme", Map.of("branding", Map.of("primary-color", "#B3261E")), token);
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
            assertThat((Map<String, Object>) ok.json().get("branding"))
                    .containsEntry("primary-color", "#B3261E")
                    .containsEntry("logo-url", ThemeRealm.LOGO_HOST + "acme.svg");
            assertThat(open(fixture.authUrl("openid organization:acme")).body())
                    .contains("--tenancy-primary: #b3261e;");
        }
    }

    @Nested
    class Picker {

        @Test
        void aUserOfTwoTenantsPicksOneAndItIsTheTokensTenantAndMarkedLastNextTime(TestRealm realm) {
            BrowserlessLogin first = new BrowserlessLogin(realm, TenantApi.APP, ThemeRealm.REDIRECT);
            BrowserlessLogin.Result shown = first.authorize("openid", "paul", null);
            assertThat(shown.error()).isEqualTo("tenant_picker");
            assertThat(shown.lastPage())
                    .contains("id=\"tenancy-picker\"")
                    .contains("Choose a tenant")
                    .contains("name=\"kc.org\" value=\"acme\"")
                    .contains("name=\"kc.org\" value=\"globex\"")
                    .contains("<img class=\"tenancy-picker-logo\" src=\"" + ThemeRealm.LOGO_HOST + "acme.svg\"")
                    .contains("<span class=\"tenancy-picker-initial\" aria-hidden=\"true\">G</span>")
                    .doesNotContain("tenancy-picker-search")
                    .doesNotContain("id=\"tenancy-brand\"");

            BrowserlessLogin browser = new BrowserlessLogin(realm, TenantApi.APP, ThemeRealm.REDIRECT);
            BrowserlessLogin.Result picked = browser.authorize("openid", "paul", "globex");
            assertThat(picked.ok())
                    .as("%s %s", picked.error(), picked.errorDescription())
                    .isTrue();
            Map<String, Object> claims =
                    Jwks.verify(realm.url(), browser.exchange(picked).string("access_token"));
            assertThat((Map<String, Object>) claims.get("tenant")).containsEntry("alias", "globex");

            BrowserlessLogin.Result again =
                    new BrowserlessLogin(realm, TenantApi.APP, ThemeRealm.REDIRECT).authorize("openid", "paul", null);
            assertThat(again.error()).isEqualTo("tenant_picker");
            assertThat(again.lastPage())
                    .containsPattern(
                            "class=\"tenancy-picker-button tenancy-picker-last\"[^>]*>\\s*<span class=\"tenancy-picker-initial\"[^>]*>G<")
                    .contains(">Last used</span>");
        }

        @Test
        void aTenantThatIsNotTheUsersIsRefusedAndThePickerShownAgain() {
            HttpFormNavigator browser = new HttpFormNavigator();
            HttpFormNavigator.Page login = browser.open(fixture.authUrl("openid"), null);
            HttpFormNavigator.Page picker =
                    browser.submit(login, Map.of("username", "paul", "password", TestRealm.PASSWORD), null);
            assertThat(picker.body()).contains("id=\"tenancy-picker\"");
            HttpFormNavigator.Page refused = browser.submit(picker, Map.of("kc.org", "evil"), null);
            assertThat(refused.status()).isEqualTo(200);
            assertThat(refused.body())
                    .contains("id=\"tenancy-picker\"")
                    .contains("This tenant is not available to you. Choose another one.");
            HttpFormNavigator.Page chosen =
                    browser.submit(refused, Map.of("kc.org", "acme"), "http://localhost/callback");
            assertThat(chosen.location()).startsWith(ThemeRealm.REDIRECT).contains("code=");
        }

        @Test
        void twelveTenantsGetTheSearchBox(TestRealm realm) {
            BrowserlessLogin.Result shown =
                    new BrowserlessLogin(realm, TenantApi.APP, ThemeRealm.REDIRECT).authorize("openid", "dana", null);
            assertThat(shown.error()).isEqualTo("tenant_picker");
            assertThat(shown.lastPage())
                    .contains("id=\"tenancy-picker-search\"")
                    .contains("Search tenants")
                    .contains("js/tenancy-picker.js")
                    .contains("Cedar &amp; Co");
            assertThat(shown.lastPage().split("name=\"kc.org\"", -1)).hasSize(ThemeRealm.MANY.size() + 1);
        }

        @Test
        void noPickerForARequestedTenantOrASingleTenant(TestRealm realm) {
            BrowserlessLogin browser = new BrowserlessLogin(realm, TenantApi.APP, ThemeRealm.REDIRECT);
            BrowserlessLogin.Result requested = browser.authorize("openid organization:globex", "paul", null);
            assertThat(requested.ok())
                    .as("%s %s", requested.error(), requested.errorDescription())
                    .isTrue();
            BrowserlessLogin.Result none =
                    new BrowserlessLogin(realm, TenantApi.APP, ThemeRealm.REDIRECT).authorize("openid", "carol", null);
            assertThat(none.ok()).isTrue();
        }

        /**
         * keycloak-js's check-sso on a page reload: {@code prompt=none} on the SSO session, no tenant asked for. No page
         * may be shown, so the step takes the remembered tenant; without one it answers {@code interaction_required}
         * (the user is signed in, only the choice is missing), never Keycloak's {@code login_required} for a page.
         */
        @Test
        void aSilentReEntryTakesTheLastTenantAndWithoutOneRequiresInteraction(TestRealm realm) {
            realm.adminOk("PUT", "/events/config", Map.of("eventsEnabled", true, "enabledEventTypes", List.of()));
            BrowserlessLogin browser = new BrowserlessLogin(realm, TenantApi.APP, ThemeRealm.REDIRECT);
            BrowserlessLogin.Result picked = browser.authorize("openid", "dana", "kite-energy");
            assertThat(picked.ok())
                    .as("%s %s", picked.error(), picked.errorDescription())
                    .isTrue();
            Map<String, Object> first =
                    Jwks.verify(realm.url(), browser.exchange(picked).string("access_token"));

            BrowserlessLogin.Result silent = browser.authorize("openid", "dana", null, "prompt", "none");
            assertThat(silent.ok())
                    .as("%s %s", silent.error(), silent.errorDescription())
                    .isTrue();
            Map<String, Object> restored =
                    Jwks.verify(realm.url(), browser.exchange(silent).string("access_token"));
            assertThat(restored.get("sid")).isEqualTo(first.get("sid"));
            assertThat((Map<String, Object>) restored.get("tenant")).containsEntry("alias", "kite-energy");

            // the remembered tenant is no longer usable (disabled): nothing left to go by
            String kiteEnergy = fixture.tenants.get("kite-energy");
            realm.setOrganizationEnabled(kiteEnergy, false);
            try {
                BrowserlessLogin.Result undecided = browser.authorize("openid", "dana", null, "prompt", "none");
                assertThat(undecided.ok()).isFalse();
                assertThat(undecided.error()).isEqualTo("interaction_required");
                assertThat(realm.adminCall("GET", "/events?type=LOGIN_ERROR&client=" + TenantApi.APP + "&max=5", null)
                                .body())
                        .contains("tenant_choice_required");
            } finally {
                realm.setOrganizationEnabled(kiteEnergy, true);
            }
            // still signed in: an interactive request shows the picker right away, no password
            BrowserlessLogin.Result interactive = browser.authorize("openid", "dana", null);
            assertThat(interactive.error()).isEqualTo("tenant_picker");
            assertThat(interactive.lastPage()).contains("id=\"tenancy-picker\"").doesNotContain("id=\"password\"");
        }

        @Test
        void tenantNamesWithHtmlAreTextOnThePicker(TestRealm realm) {
            BrowserlessLogin.Result shown =
                    new BrowserlessLogin(realm, TenantApi.APP, ThemeRealm.REDIRECT).authorize("openid", "eve", null);
            assertThat(shown.error()).isEqualTo("tenant_picker");
            assertThat(shown.lastPage())
                    .contains("value=\"evil\"")
                    .contains("value=\"rogue\"")
                    .contains("&quot;&gt;&lt;script&gt;alert(&#39;display&#39;)&lt;/script&gt;")
                    .contains("&lt;img src=x onerror=alert(1)&gt; Evil &amp; &quot;Co&quot;")
                    .doesNotContain("<script>alert(")
                    .doesNotContain("<img src=x")
                    .doesNotContain("javascript:");
        }
    }

    @Nested
    class InvitationPage {

        String annToken;

        @BeforeEach
        void token() {
            annToken = fixture.api.token("ann", "acme");
        }

        Map<String, Object> invite(String email, List<String> roles) {
            Http.Response created =
                    fixture.api.call("POST", "/acme/invitations", Map.of("email", email, "roles", roles), annToken);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            return created.json();
        }

        String status(Map<String, Object> invitation) {
            return fixture.api
                    .get("/acme/invitations/" + invitation.get("id"), annToken)
                    .string("status");
        }

        @Test
        void theLinkShowsTenantInviterRolesEmailAndExpiryWithAcceptAndDecline() {
            Map<String, Object> invitation = invite("page@example.test", List.of("viewers"));
            HttpFormNavigator.Page page = open(invitation.get("link").toString());
            assertThat(page.uri().getPath()).endsWith("/tenants/invitations/accept");
            assertThat(page.body())
                    .contains("Join Acme Corporation")
                    .contains("ann Test invites you to join Acme Corporation.")
                    .contains("<dd id=\"tenancy-invitation-inviter\">ann Test (ann@users.test)</dd>")
                    .contains("<li>viewers</li>")
                    .contains("<dd id=\"tenancy-invitation-email\">page@example.test</dd>")
                    .containsPattern("<dd id=\"tenancy-invitation-expiry\">[^<]*20\\d\\d[^<]*UTC</dd>")
                    .contains("name=\"decision\" value=\"accept\"")
                    .contains("name=\"decision\" value=\"decline\"")
                    // the tenant's branding on its own invitation
                    .contains("data-tenant=\"acme\"")
                    .contains("--tenancy-primary: #b3261e;");
            assertThat(page.body()).doesNotContain("Exception").doesNotContain("at org.keycloak");
            assertThat(status(invitation)).isEqualTo("PENDING");
        }

        @Test
        void declineMarksTheInvitationDeclinedAndTheLinkSaysSoAfterwards() {
            Map<String, Object> invitation = invite("decliner@example.test", List.of());
            HttpFormNavigator browser = new HttpFormNavigator();
            HttpFormNavigator.Page page = browser.open(invitation.get("link").toString(), null);
            HttpFormNavigator.Page declined = browser.submit(page, Map.of("decision", "decline"), null);
            assertThat(declined.status()).as(declined.body()).isEqualTo(200);
            assertThat(declined.body()).contains("You declined the invitation to join Acme Corporation.");
            assertThat(status(invitation)).isEqualTo("DECLINED");
            Map<String, Object> read = fixture.api
                    .get("/acme/invitations/" + invitation.get("id"), annToken)
                    .json();
            assertThat(read.get("declinedAt")).isNotNull();
            assertThat(fixture.api
                            .get("/acme/invitations?status=declined", annToken)
                            .jsonList())
                    .anySatisfy(i -> assertThat((Map<String, Object>) i).containsEntry("id", invitation.get("id")));

            HttpFormNavigator.Page again =
                    new HttpFormNavigator().open(invitation.get("link").toString(), null);
            assertThat(again.status()).isEqualTo(400);
            assertThat(again.body())
                    .contains("This invitation to Acme Corporation has been declined.")
                    .doesNotContain("name=\"decision\"");
            assertError(
                    fixture.api.call("POST", "/acme/invitations/" + invitation.get("id") + "/resend", null, annToken),
                    409,
                    "conflict");
        }

        @Test
        void aChoiceWithoutTheInvitationPagesCookieIsRefused() {
            Map<String, Object> invitation = invite("forged@example.test", List.of());
            String key =
                    URI.create(invitation.get("link").toString()).getQuery().substring("key=".length());
            Http.Response forged = Http.form(
                    fixture.realm.url() + "/tenants/invitations/respond",
                    Map.of("key", key, "decision", "decline", "csrf", "guessed"));
            assertThat(forged.status()).isEqualTo(400);
            assertThat(forged.body()).contains("This page has expired.").contains("tenancy-invitation-start-over");
            assertThat(status(invitation)).isEqualTo("PENDING");
        }

        @Test
        void comingBackWithACodeButWithoutPressingAcceptShowsTheInvitationInsteadOfJoining(TestRealm realm) {
            realm.createUser("quinn", "quinn@example.test");
            Map<String, Object> invitation = invite("quinn@example.test", List.of());
            HttpFormNavigator browser = new HttpFormNavigator();
            // quinn is signed in (SSO cookie) but never pressed Accept: a crafted link must not join
            HttpFormNavigator.Page login = browser.open(fixture.authUrl("openid"), null);
            browser.submit(login, Map.of("username", "quinn", "password", TestRealm.PASSWORD), ThemeRealm.REDIRECT);
            HttpFormNavigator.Page page = browser.open(invitation.get("link") + "&code=crafted", null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("name=\"decision\" value=\"accept\"");
            assertThat(status(invitation)).isEqualTo("PENDING");
            // pressing Accept with the SSO session joins at once
            HttpFormNavigator.Page joined = browser.submit(page, Map.of("decision", "accept"), null);
            assertThat(joined.status()).as(joined.body()).isEqualTo(200);
            assertThat(joined.body()).contains("You joined Acme Corporation.");
            assertThat(status(invitation)).isEqualTo("ACCEPTED");
        }

        @Test
        void unusableLinksShowAClearPageInsteadOfAnError() {
            HttpFormNavigator.Page unknown = new HttpFormNavigator()
                    .open(fixture.realm.url() + "/tenants/invitations/accept?key=nope.nope", null);
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.body())
                    .contains("This invitation link is not valid.")
                    .contains("data-state=\"UNKNOWN\"");

            Map<String, Object> revoked = invite("withdrawn@example.test", List.of());
            fixture.api.call("DELETE", "/acme/invitations/" + revoked.get("id"), null, annToken);
            HttpFormNavigator.Page withdrawn =
                    new HttpFormNavigator().open(revoked.get("link").toString(), null);
            assertThat(withdrawn.status()).isEqualTo(400);
            assertThat(withdrawn.body()).contains("This invitation to Acme Corporation has been withdrawn.");
            HttpFormNavigator.Page german = new HttpFormNavigator(Map.of("Accept-Language", "de"))
                    .open(revoked.get("link").toString(), null);
            assertThat(german.body()).contains("Diese Einladung zu Acme Corporation wurde zur\u00fcckgezogen.");

            for (HttpFormNavigator.Page page : List.of(unknown, withdrawn, german)) {
                assertThat(page.body())
                        .doesNotContain("Exception")
                        .doesNotContain("at org.keycloak")
                        .doesNotContain("name=\"decision\"");
            }
        }

        @Test
        void theInvitationPageIsGermanForAGermanBrowser() {
            Map<String, Object> invitation = invite("deutsch@example.test", List.of("viewers"));
            HttpFormNavigator.Page page = new HttpFormNavigator(Map.of("Accept-Language", "de-DE,de;q=0.9"))
                    .open(invitation.get("link").toString(), null);
            assertThat(page.body())
                    .contains("Acme Corporation beitreten")
                    .contains("ann Test l\u00e4dt Sie ein, Acme Corporation beizutreten.")
                    .contains("Angebotene Rollen")
                    .contains("Annehmen und beitreten")
                    .contains("Ablehnen");
        }
    }

    @Nested
    class InvitationEmail {

        static SmtpSink smtp;

        @BeforeAll
        static void smtp() {
            smtp = SmtpSink.start();
            Map<String, Object> settings =
                    fixture.realm.adminCall("GET", "", null).json();
            settings.put("smtpServer", smtp.realmSmtpSettings("tenancy@example.test"));
            fixture.realm.adminOk("PUT", "", settings);
        }

        @AfterAll
        static void noSmtp() {
            Map<String, Object> settings =
                    fixture.realm.adminCall("GET", "", null).json();
            settings.put("smtpServer", Map.of());
            settings.put("emailTheme", "tenancy");
            fixture.realm.adminOk("PUT", "", settings);
            smtp.close();
        }

        @BeforeEach
        void clear() {
            smtp.clear();
        }

        Map<String, Object> invite(String email) {
            Http.Response created = fixture.api.call(
                    "POST",
                    "/acme/invitations",
                    Map.of("email", email, "roles", List.of("viewers")),
                    fixture.api.token("ann", "acme"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.json()).containsEntry("emailSent", true);
            return created.json();
        }

        @Test
        void theInvitationEmailNamesTenantInviterRolesLinkAndExpiryInHtmlAndText() {
            Map<String, Object> invitation = invite("mailed@example.test");
            SmtpSink.Mail mail = smtp.next(Duration.ofSeconds(30));
            String link = invitation.get("link").toString();
            assertThat(mail.recipients()).containsExactly("mailed@example.test");
            assertThat(mail.subject()).isEqualTo("ann Test invites you to join Acme Corporation");
            assertThat(mail.text())
                    .contains("Join Acme Corporation")
                    .contains("ann Test (ann@users.test) invites you to join Acme Corporation on Tenancy Tests.")
                    .contains("- viewers")
                    .contains(link)
                    .containsPattern("valid until [^\\n]*20\\d\\d[^\\n]*UTC");
            assertThat(mail.html())
                    .contains("Join Acme Corporation")
                    .contains("<li>viewers</li>")
                    .contains("href=\"" + link + "\"")
                    .contains("background: #b3261e;")
                    .contains("<img src=\"" + ThemeRealm.LOGO_HOST + "acme.svg\" alt=\"Logo of Acme Corporation\"")
                    .contains("<html lang=\"en\"");
        }

        @Test
        void anExistingGermanUserGetsItInGerman(TestRealm realm) {
            String greta = realm.createUser("greta", "greta@example.test");
            Map<String, Object> user =
                    realm.adminCall("GET", "/users/" + greta, null).json();
            user.put("attributes", Map.of("locale", List.of("de")));
            realm.adminOk("PUT", "/users/" + greta, user);
            invite("greta@example.test");
            SmtpSink.Mail mail = smtp.next(Duration.ofSeconds(30));
            assertThat(mail.subject()).isEqualTo("ann Test l\u00e4dt Sie zu Acme Corporation ein");
            assertThat(mail.text()).contains("Angebotene Rollen:").contains("Die Einladung ist g\u00fcltig bis");
            assertThat(mail.html()).contains("<html lang=\"de\"").contains("alt=\"Logo von Acme Corporation\"");
        }

        @Test
        void anotherEmailThemeStillSendsTheTenancyInvitation(TestRealm realm) {
            Map<String, Object> settings = realm.adminCall("GET", "", null).json();
            settings.put("emailTheme", "keycloak");
            realm.adminOk("PUT", "", settings);
            try {
                invite("other-theme@example.test");
                SmtpSink.Mail mail = smtp.next(Duration.ofSeconds(30));
                assertThat(mail.subject()).isEqualTo("ann Test invites you to join Acme Corporation");
                assertThat(mail.html()).contains("<li>viewers</li>");
            } finally {
                settings.put("emailTheme", "tenancy");
                realm.adminOk("PUT", "", settings);
            }
        }
    }
}
