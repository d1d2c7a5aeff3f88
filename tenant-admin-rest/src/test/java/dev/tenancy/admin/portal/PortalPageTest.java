package dev.tenancy.admin.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

/** The rendered page: escaped values, a configuration the scripts can read, and a CSP without inline scripts. */
class PortalPageTest {

    private static final String REALM = "a\"<b>&'realm</script>";

    private static String render(String language) {
        return PortalPage.render(new PortalPage.Input(
                REALM,
                "https://sso.test/realms/a%22%3Cb%3E",
                List.of("/resources/abc12/common/keycloak/vendor/patternfly-v5/patternfly.min.css"),
                language,
                "0123456789ab"));
    }

    @Test
    void valuesAreEscapedAndTheConfigurationIsAJsonDataBlock() throws Exception {
        String html = render("de");
        assertThat(html).doesNotContain(REALM).doesNotContain("</script>\"").contains("<html lang=\"de\">");
        String block = html.substring(
                html.indexOf("id=\"portal-config\">") + "id=\"portal-config\">".length(),
                html.indexOf("</script>", html.indexOf("id=\"portal-config\">")));
        assertThat(block).doesNotContain("<").doesNotContain(">");
        @SuppressWarnings("unchecked")
        Map<String, Object> config = JsonSerialization.readValue(block, Map.class);
        assertThat(config)
                .containsEntry("realm", REALM)
                .containsEntry("locale", "de")
                .containsEntry("clientId", "tenancy-portal")
                .containsEntry("assetsUrl", "https://sso.test/realms/a%22%3Cb%3E/tenants/portal/0123456789ab/");
        @SuppressWarnings("unchecked")
        Map<String, String> messages = (Map<String, String>) config.get("messages");
        assertThat(messages).containsEntry("common.signOut", "Abmelden");
        assertThat(html)
                .contains("<link rel=\"stylesheet\" href=\"/resources/abc12/common/keycloak/vendor/"
                        + "patternfly-v5/patternfly.min.css\">");
        assertThat(html)
                .contains("<script type=\"module\" src=\"https://sso.test/realms/a%22%3Cb%3E/tenants/portal/"
                        + "0123456789ab/app.js\"></script>");
    }

    @Test
    void theContentSecurityPolicyAllowsNoInlineScript() {
        String csp = PortalPage.contentSecurityPolicy();
        assertThat(csp)
                .contains("script-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
        assertThat(render("en"))
                .doesNotContainPattern("<script(?![^>]*(type=\"module\" src=|type=\"application/json\"))");
    }

    @Test
    void aMissingTranslationShowsInEnglish() {
        assertThat(PortalPage.messages("de"))
                .containsOnlyKeys(PortalPage.messages("en").keySet());
    }
}
