package dev.tenancy.themes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The templates rendered with Keycloak's FreeMarker settings (parents replaced by stand-ins): what they show, in
 * both languages, and that whatever a tenant admin or a realm admin stored is shown as text, never as markup.
 */
class ThemeTemplatesTest {

    static final String EVIL = "<img src=x onerror=alert(1)>\"'&";
    static final String EVIL_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;";

    static Map<String, Object> page(String pageId, TenancyPageBean tenancy) {
        Map<String, Object> model = new HashMap<>();
        model.put("pageId", pageId);
        model.put(
                "url",
                Map.of(
                        "loginAction",
                        "https://kc.test/realms/r/login-actions/authenticate?x=1&y=2",
                        "resourcesPath",
                        "/resources/v/login/tenancy"));
        model.put(
                "properties",
                Map.of(
                        "kcFormClass",
                        "pf-form",
                        "kcFormGroupClass",
                        "pf-group",
                        "kcInputClass",
                        "pf-input",
                        "kcButtonPrimaryClass",
                        "pf-primary",
                        "kcButtonSecondaryClass",
                        "pf-secondary",
                        "kcButtonBlockClass",
                        "pf-block",
                        "kcFormActionGroupClass",
                        "pf-actions",
                        "kcFormLabelClass",
                        "pf-label",
                        "kcFormLabelTextClass",
                        "pf-label-text"));
        if (tenancy != null) {
            model.put("tenancy", tenancy);
        }
        return model;
    }

    static TenancyPageBean brand(String alias, String name, String logo, String color) {
        return new TenancyPageBean(new TenancyPageBean.Brand(alias, name, logo, color), null, List::of);
    }

    static TenancyPageBean picker(int count, int lastIndex) {
        List<TenancyPageBean.TenantOption> tenants = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tenants.add(new TenancyPageBean.TenantOption(
                    "t" + i, "Tenant " + i, i % 2 == 0 ? "https://cdn.test/t" + i + ".png" : null, i == lastIndex));
        }
        return new TenancyPageBean(null, null, () -> tenants);
    }

    @Nested
    class Branding {

        @Test
        void aKnownTenantShowsItsLogoNameAndColour() {
            String html = ThemeFiles.render(
                    ThemeFiles.LOGIN,
                    "tenancy-invitation.ftl",
                    invitationPage("JOINED", brand("acme", "Acme Corp", "https://cdn.acme.test/logo.svg", "#aa0011")),
                    "en");
            // the logo stands next to the name in the heading: decorative (not "Logo of Acme Corp Acme Corp")
            assertThat(html)
                    .contains("id=\"tenancy-brand\"")
                    .contains("data-tenant=\"acme\"")
                    .contains("<img id=\"tenancy-brand-logo\" class=\"tenancy-brand-logo\" "
                            + "src=\"https://cdn.acme.test/logo.svg\" alt=\"\">")
                    .contains("<span id=\"tenancy-brand-name\" class=\"tenancy-brand-name\">Acme Corp</span>")
                    .contains("--tenancy-primary: #aa0011;")
                    .contains("--tenancy-on-primary: #ffffff;")
                    .contains("--tenancy-accent: #aa0011;");
            // the button's colours are set on the button (PatternFly declares them there), not only on :root
            assertThat(html.substring(html.indexOf(".pf-v5-c-button.pf-m-primary {")))
                    .contains("--pf-v5-c-button--m-primary--Color: var(--tenancy-on-primary);")
                    .contains("--pf-v5-c-button--m-primary--BackgroundColor: var(--tenancy-primary);");
        }

        @Test
        void aLightColourGetsBlackButtonTextAndADarkerAccentForText() {
            String html = ThemeFiles.render(
                    ThemeFiles.LOGIN,
                    "tenancy-invitation.ftl",
                    invitationPage("JOINED", brand("sun", "Sun", null, "#f5c518")),
                    "en");
            String accent = new TenancyPageBean.Brand("sun", "Sun", null, "#f5c518").getAccentColor();
            assertThat(accent).isNotEqualTo("#f5c518");
            assertThat(html)
                    .contains("--tenancy-primary: #f5c518;")
                    .contains("--tenancy-on-primary: #000000;")
                    .contains("--tenancy-accent: " + accent + ";")
                    .contains("--pf-v5-global--link--Color: var(--tenancy-accent);")
                    .doesNotContain("--pf-v5-global--link--Color: #f5c518");
        }

        @Test
        void anUnknownTenantShowsNoBrandAtAll() {
            String html = ThemeFiles.render(
                    ThemeFiles.LOGIN,
                    "tenancy-invitation.ftl",
                    invitationPage("JOINED", new TenancyPageBean(null, null, List::of)),
                    "en");
            assertThat(html).doesNotContain("tenancy-brand");
            String withoutBean =
                    ThemeFiles.render(ThemeFiles.LOGIN, "tenancy-invitation.ftl", invitationPage("JOINED", null), "en");
            assertThat(withoutBean).doesNotContain("tenancy-brand").contains("You joined Acme Corp.");
        }

        @Test
        void markupInNamesIsEscapedAndBadUrlsAndColoursAreDroppedAgainAtRenderTime() {
            // values that passed no validation (e.g. the bean built by a future caller): the template checks again
            String html = ThemeFiles.render(
                    ThemeFiles.LOGIN,
                    "tenancy-invitation.ftl",
                    invitationPage(
                            "JOINED",
                            brand("acme", EVIL, "javascript:alert(1)", "#000;}</style><script>alert(1)</script>")),
                    "en");
            assertThat(html)
                    .contains(">" + EVIL_ESCAPED + "</span>")
                    .doesNotContain("<img src=x")
                    .doesNotContain("javascript:")
                    .doesNotContain("tenancy-brand-style")
                    .doesNotContain("<script>");
            String quoted = ThemeFiles.render(
                    ThemeFiles.LOGIN,
                    "tenancy-invitation.ftl",
                    invitationPage("JOINED", brand("acme", "Acme", "https://x.test/\" onerror=\"alert(1)", "#aabbcc")),
                    "en");
            assertThat(quoted)
                    .doesNotContain("onerror")
                    .doesNotContain("tenancy-brand-logo")
                    .contains("--tenancy-primary: #aabbcc;");
        }

        @Test
        void thePickerIsNobodysBrandedPage() {
            Map<String, Object> model = page(
                    "select-organization",
                    new TenancyPageBean(
                            new TenancyPageBean.Brand("acme", "Acme Corp", null, "#aa0011"), null, List::of));
            assertThat(ThemeFiles.render(ThemeFiles.LOGIN, "select-organization.ftl", model, "en"))
                    .doesNotContain("tenancy-brand");
        }

        @Test
        void aRegistrationAfterAnInvitationKeepsTheInvitedEmail() {
            Map<String, Object> model = page("register", new TenancyPageBean(null, "new@example.test", List::of));
            model.put("tenancyInvitation", Map.of("state", "JOINED", "tenantName", "x"));
            String html = ThemeFiles.render(ThemeFiles.LOGIN, "tenancy-invitation.ftl", model, "en");
            assertThat(html)
                    .contains("<span id=\"tenancy-invited-email\" data-email=\"new@example.test\" hidden></span>")
                    .contains("/resources/v/login/tenancy/js/tenancy-register.js");
        }
    }

    @Nested
    class AttemptedUsername {

        Map<String, Object> passwordPage(boolean emailAsUsername) {
            Map<String, Object> model = page("login-password", null);
            model.put("auth", Map.of("showUsername", true, "attemptedUsername", "alice@acme.test"));
            model.put("realm", Map.of("loginWithEmailAllowed", true, "registrationEmailAsUsername", emailAsUsername));
            model.put(
                    "url",
                    Map.of(
                            "loginAction",
                            "https://kc.test/a",
                            "resourcesPath",
                            "/r",
                            "loginRestartFlowUrl",
                            "https://kc.test/restart"));
            Map<String, Object> properties = new HashMap<>();
            for (String key : List.of(
                    "kcInputGroup",
                    "kcInputGroupItemClass",
                    "kcFill",
                    "kcInputClass",
                    "kcFormReadOnlyClass",
                    "kcFormPasswordVisibilityButtonClass")) {
                properties.put(key, key);
            }
            model.put("properties", properties);
            model.put("tenancyInvitation", Map.of("state", "JOINED", "tenantName", "x"));
            return model;
        }

        @Test
        void theReadOnlyUsernameHasALabelOfItsOwnInsteadOfTheParentsMacro() {
            Map<String, Object> keycloakMessages = Map.of(
                    "usernameOrEmail", "Username or email", "email", "Email", "restartLoginTooltip", "Restart login");
            String html = ThemeFiles.render(
                    ThemeFiles.LOGIN, "tenancy-invitation.ftl", passwordPage(false), "en", keycloakMessages);
            assertThat(html)
                    .doesNotContain("[stock username]")
                    .contains("<label for=\"kc-attempted-username\">Username or email</label>")
                    .contains("<input id=\"kc-attempted-username\" value=\"alice@acme.test\" readonly>")
                    .contains("aria-label=\"Restart login\"");
            assertThat(ThemeFiles.render(
                            ThemeFiles.LOGIN, "tenancy-invitation.ftl", passwordPage(true), "en", keycloakMessages))
                    .contains("<label for=\"kc-attempted-username\">Email</label>");
        }
    }

    @Nested
    class Picker {

        @Test
        void listsTheTenantsAsButtonsOfTheFieldKcOrgWithLogosOrInitialsAndMarksTheLastUsed() {
            String html = ThemeFiles.render(
                    ThemeFiles.LOGIN, "select-organization.ftl", page("select-organization", picker(2, 1)), "en");
            assertThat(html)
                    .contains("Choose a tenant")
                    .contains("action=\"https://kc.test/realms/r/login-actions/authenticate?x=1&amp;y=2\"")
                    .contains("name=\"kc.org\" value=\"t0\"")
                    .contains("name=\"kc.org\" value=\"t1\"")
                    .contains("<img class=\"tenancy-picker-logo\" src=\"https://cdn.test/t0.png\"")
                    .contains("<span class=\"tenancy-picker-initial\" aria-hidden=\"true\">T</span>")
                    .contains("class=\"tenancy-picker-button tenancy-picker-last\"")
                    .contains("aria-describedby=\"tenancy-picker-last-label\"")
                    .contains(">Last used</span>")
                    .doesNotContain("tenancy-picker-search-group");
            assertThat(html.split("tenancy-picker-last\"", -1)).hasSize(2);
        }

        @Test
        void moreThanSevenTenantsGetASearchBoxThatTheScriptReveals() {
            assertThat(ThemeFiles.render(
                            ThemeFiles.LOGIN,
                            "select-organization.ftl",
                            page("select-organization", picker(7, -1)),
                            "en"))
                    .doesNotContain("tenancy-picker-search");
            String html = ThemeFiles.render(
                    ThemeFiles.LOGIN, "select-organization.ftl", page("select-organization", picker(12, 3)), "de");
            assertThat(html)
                    .contains("id=\"tenancy-picker-search-group\"")
                    .contains("hidden>")
                    .contains("<input id=\"tenancy-picker-search\" type=\"search\"")
                    .contains("Mandanten suchen")
                    .contains("data-template-many=\"{0} Mandanten angezeigt\"")
                    .contains("Mandant w\u00e4hlen");
            assertThat(html.split("name=\"kc.org\"", -1)).hasSize(13);
        }

        @Test
        void tenantNamesAreText() {
            List<TenancyPageBean.TenantOption> tenants = List.of(
                    new TenancyPageBean.TenantOption("evil", EVIL, "javascript:alert(1)", false),
                    new TenancyPageBean.TenantOption("ok", "Ok", null, false));
            String html = ThemeFiles.render(
                    ThemeFiles.LOGIN,
                    "select-organization.ftl",
                    page("select-organization", new TenancyPageBean(null, null, () -> tenants)),
                    "en");
            assertThat(html)
                    .contains("<span class=\"tenancy-picker-name\">" + EVIL_ESCAPED + "</span>")
                    .doesNotContain("<img src=x")
                    .doesNotContain("javascript:");
        }

        @Test
        void withoutTheTenancyBeanKeycloaksListIsShown() {
            Map<String, Object> model = page("select-organization", null);
            model.put(
                    "user",
                    Map.of(
                            "organizations",
                            List.of(
                                    Map.of("alias", "acme", "name", "Acme"),
                                    Map.of("alias", "globex", "name", "Globex"))));
            String html = ThemeFiles.render(ThemeFiles.LOGIN, "select-organization.ftl", model, "en");
            assertThat(html)
                    .contains("value=\"acme\"")
                    .contains("value=\"globex\"")
                    .contains(">A</span>");
        }
    }

    @Nested
    class InvitationPage {

        @Test
        void thePendingInvitationNamesTenantInviterRolesEmailAndExpiryWithAcceptAndDecline() {
            String html = ThemeFiles.render(
                    ThemeFiles.LOGIN, "tenancy-invitation.ftl", invitationPage("PENDING", null), "en");
            assertThat(html)
                    .contains("Join Acme Corp")
                    .contains("Ann Admin invites you to join Acme Corp.")
                    .contains("<dd id=\"tenancy-invitation-inviter\">Ann Admin (ann@acme.test)</dd>")
                    .contains("<li>viewers</li>")
                    .contains("<li>billing</li>")
                    .contains("<dd id=\"tenancy-invitation-email\">new@example.test</dd>")
                    .contains("<dd id=\"tenancy-invitation-expiry\">1 March 2030 at 10:00 UTC</dd>")
                    .contains("action=\"https://kc.test/realms/r/tenants/invitations/respond\"")
                    .contains("<input type=\"hidden\" name=\"key\" value=\"id.secret\">")
                    .contains("<input type=\"hidden\" name=\"csrf\" value=\"token\">")
                    .contains("name=\"decision\" value=\"accept\"")
                    .contains("name=\"decision\" value=\"decline\"");
        }

        @Test
        void inGerman() {
            String html = ThemeFiles.render(
                    ThemeFiles.LOGIN, "tenancy-invitation.ftl", invitationPage("PENDING", null), "de");
            assertThat(html)
                    .contains("Acme Corp beitreten")
                    .contains("Ann Admin l\u00e4dt Sie ein, Acme Corp beizutreten.")
                    .contains("Annehmen und beitreten")
                    .contains("Ablehnen");
        }

        @Test
        void everyOtherStateIsAClearSentence() {
            Map<String, String> expected = Map.ofEntries(
                    Map.entry("JOINED", "You joined Acme Corp."),
                    Map.entry("DECLINED_NOW", "You declined the invitation to join Acme Corp."),
                    Map.entry("UNKNOWN", "This invitation link is not valid."),
                    Map.entry("EXPIRED", "This invitation to Acme Corp has expired."),
                    Map.entry("REVOKED", "This invitation to Acme Corp has been withdrawn."),
                    Map.entry("ACCEPTED", "This invitation to Acme Corp has already been accepted."),
                    Map.entry("DECLINED", "This invitation to Acme Corp has been declined."),
                    Map.entry("TENANT_UNAVAILABLE", "Acme Corp is not available at this time"),
                    Map.entry("SIGN_IN_NOT_COMPLETED", "the sign-in did not complete"),
                    Map.entry("PAGE_EXPIRED", "This page has expired."),
                    Map.entry("WRONG_ACCOUNT", "This invitation is for new@example.test."));
            expected.forEach((state, sentence) -> {
                String html = ThemeFiles.render(
                        ThemeFiles.LOGIN, "tenancy-invitation.ftl", invitationPage(state, null), "en");
                assertThat(html)
                        .as(state)
                        .contains(sentence)
                        .contains("data-state=\"" + state + "\"")
                        .doesNotContain("name=\"decision\"");
            });
        }

        @Test
        void anUnverifiedAddressGetsTheSentenceAndOnlyTheVerifyButton() {
            String html = ThemeFiles.render(
                    ThemeFiles.LOGIN, "tenancy-invitation.ftl", invitationPage("EMAIL_NOT_VERIFIED", null), "en");
            assertThat(html)
                    .contains("data-state=\"EMAIL_NOT_VERIFIED\"")
                    .contains("Your account uses new@example.test, but the address is not verified yet.")
                    .contains("name=\"decision\" value=\"verify\"")
                    .doesNotContain("value=\"accept\"")
                    .contains("name=\"csrf\" value=\"token\"")
                    .contains("name=\"key\" value=\"id.secret\"");
        }

        @Test
        void namesAreText() {
            Map<String, Object> model = invitationPage("PENDING", null);
            @SuppressWarnings("unchecked")
            Map<String, Object> inv = new HashMap<>((Map<String, Object>) model.get("tenancyInvitation"));
            Map<String, Object> details = new HashMap<>(details());
            details.put("inviterName", EVIL);
            details.put("roles", List.of(EVIL));
            inv.put("details", details);
            inv.put("tenantName", EVIL);
            model.put("tenancyInvitation", inv);
            String html = ThemeFiles.render(ThemeFiles.LOGIN, "tenancy-invitation.ftl", model, "en");
            assertThat(html)
                    .doesNotContain("<img src=x")
                    .contains("<li>" + EVIL_ESCAPED + "</li>")
                    .contains("<dd id=\"tenancy-invitation-tenant\">" + EVIL_ESCAPED + "</dd>");
        }
    }

    @Nested
    class InvitationEmail {

        @Test
        void htmlNamesTenantInviterRolesLinkAndExpiryInTheTenantsColour() {
            String html = ThemeFiles.render(ThemeFiles.EMAIL, "html/tenancy-invitation.ftl", email(details()), "en");
            assertThat(html)
                    .contains("Join Acme Corp")
                    .contains("Ann Admin (ann@acme.test) invites you to join Acme Corp on Tenancy Demo.")
                    .contains("<li>viewers</li>")
                    .contains("href=\"https://kc.test/realms/r/tenants/invitations/accept?key=id.secret&amp;x=1\"")
                    .contains("The invitation is valid until 1 March 2030 at 10:00 UTC.")
                    .contains("background: #aa0011; color: #ffffff;")
                    .contains("<img src=\"https://cdn.acme.test/logo.svg\" alt=\"Logo of Acme Corp\"");
        }

        @Test
        void aLightColourGetsBlackButtonTextAndADarkerHeading() {
            Map<String, Object> details = new HashMap<>(details());
            dev.tenancy.context.BrandPalette palette = dev.tenancy.context.BrandPalette.of("#f5c518");
            details.put("primaryColor", palette.primary());
            details.put("primaryTextColor", palette.onPrimary());
            details.put("accentColor", palette.accent());
            String html = ThemeFiles.render(ThemeFiles.EMAIL, "html/tenancy-invitation.ftl", email(details), "en");
            assertThat(html)
                    .contains("background: #f5c518; color: #000000;")
                    .contains("<h1 style=\"font-size: 20px; color: " + palette.accent() + ";\">")
                    .doesNotContain("color: #f5c518");
        }

        @Test
        void plainTextHasTheSameContentWithoutMarkup() {
            String text = ThemeFiles.render(ThemeFiles.EMAIL, "text/tenancy-invitation.ftl", email(details()), "de");
            assertThat(text)
                    .contains("Acme Corp beitreten")
                    .contains("Ann Admin (ann@acme.test) l\u00e4dt Sie ein, Acme Corp auf Tenancy Demo beizutreten.")
                    .contains("- viewers")
                    .contains("https://kc.test/realms/r/tenants/invitations/accept?key=id.secret&x=1")
                    .contains("Die Einladung ist g\u00fcltig bis 1 March 2030 at 10:00 UTC.")
                    .doesNotContain("<");
        }

        @Test
        void htmlEscapesNamesAndDropsBadLogosAndColours() {
            Map<String, Object> details = new HashMap<>(details());
            details.put("tenantName", EVIL);
            details.put("inviterName", EVIL);
            details.put("logoUrl", "javascript:alert(1)");
            details.put("primaryColor", "red;background:url(x)");
            String html = ThemeFiles.render(ThemeFiles.EMAIL, "html/tenancy-invitation.ftl", email(details), "en");
            assertThat(html)
                    .doesNotContain("<img src=x")
                    .doesNotContain("javascript:")
                    .doesNotContain("url(x)")
                    .contains(EVIL_ESCAPED)
                    .contains("background: #0066cc;");
        }

        @Test
        void withoutInviterOrRoles() {
            Map<String, Object> details = new HashMap<>(details());
            details.remove("inviterName");
            details.remove("inviterEmail");
            details.put("roles", List.of());
            String text = ThemeFiles.render(ThemeFiles.EMAIL, "text/tenancy-invitation.ftl", email(details), "en");
            assertThat(text)
                    .contains("You are invited to join Acme Corp on Tenancy Demo.")
                    .contains("You would join as a member without additional roles.");
        }
    }

    static Map<String, Object> details() {
        Map<String, Object> details = new HashMap<>();
        details.put("tenantName", "Acme Corp");
        details.put("tenantAlias", "acme");
        details.put("inviterName", "Ann Admin");
        details.put("inviterEmail", "ann@acme.test");
        details.put("roles", List.of("viewers", "billing"));
        details.put("email", "new@example.test");
        details.put("expiresAtText", "1 March 2030 at 10:00 UTC");
        details.put("logoUrl", "https://cdn.acme.test/logo.svg");
        details.put("primaryColor", "#aa0011");
        details.put("primaryTextColor", "#ffffff");
        return details;
    }

    static Map<String, Object> invitationPage(String state, TenancyPageBean tenancy) {
        Map<String, Object> model = page("tenancy-invitation", tenancy);
        Map<String, Object> inv = new HashMap<>();
        inv.put("state", state);
        inv.put("tenantName", "Acme Corp");
        inv.put("details", details());
        inv.put("respondUrl", "https://kc.test/realms/r/tenants/invitations/respond");
        inv.put("linkUrl", "https://kc.test/realms/r/tenants/invitations/accept?key=id.secret");
        inv.put("key", "id.secret");
        inv.put("csrf", "token");
        model.put("tenancyInvitation", inv);
        return model;
    }

    static Map<String, Object> email(Map<String, Object> details) {
        Map<String, Object> model = new HashMap<>();
        model.put("invitation", details);
        model.put("link", "https://kc.test/realms/r/tenants/invitations/accept?key=id.secret&x=1");
        model.put("realmName", "Tenancy Demo");
        model.put("locale", java.util.Locale.ENGLISH);
        model.put("ltr", true);
        return model;
    }
}
