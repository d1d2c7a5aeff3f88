package dev.tenancy.admin.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PortalAssetsTest {

    @Test
    void servesTheScriptsAndStylesByExactNameWithTheirTypes() {
        PortalAssets assets = PortalAssets.get();
        assertThat(assets.version()).matches("[0-9a-f]{12}");
        assertThat(assets.names()).contains("app.js", "api.js", "i18n.js", "ui.js", "portal.css", "pages/home.js");
        assertThat(assets.find("app.js"))
                .get()
                .extracting(PortalAssets.Asset::contentType)
                .isEqualTo("text/javascript; charset=utf-8");
        assertThat(assets.find("portal.css"))
                .get()
                .extracting(PortalAssets.Asset::contentType)
                .isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void neverServesTheTemplateTheBundlesOrAnythingOutsideItsFolder() {
        PortalAssets assets = PortalAssets.get();
        assertThat(assets.find("index.html")).isEmpty();
        assertThat(assets.find("messages/messages_en.properties")).isEmpty();
        assertThat(assets.find("../openapi.yaml")).isEmpty();
        assertThat(assets.find("pages/../app.js")).isEmpty();
        assertThat(assets.find("/app.js")).isEmpty();
        assertThat(assets.find("nothing.js")).isEmpty();
        assertThat(assets.find(null)).isEmpty();
    }
}
