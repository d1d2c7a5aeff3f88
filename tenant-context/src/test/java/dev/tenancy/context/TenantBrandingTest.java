package dev.tenancy.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantBrandingTest {

    @Test
    void logoUrlsMustBeAbsoluteHttpsWithAHostAndNothingThatLeavesAnAttribute() {
        assertThat(TenantBranding.isHttpsUrl("https://cdn.acme.test/logo.png")).isTrue();
        assertThat(TenantBranding.isHttpsUrl("HTTPS://cdn.acme.test/a/b.svg?v=2#x"))
                .isTrue();
        for (String bad : List.of(
                "http://cdn.acme.test/logo.png",
                "javascript:alert(1)",
                "//cdn.acme.test/logo.png",
                "https://",
                "https:///path",
                "data:image/png;base64,AAAA",
                "https://cdn.acme.test/\"onerror=\"x",
                "https://cdn.acme.test/<script>",
                "https://cdn.acme.test/a b.png",
                "https://user:pw@cdn.acme.test/x",
                "https://cdn.acme.test/'x",
                "https://cdn.acme.test/\nx",
                "https://x.test/" + "a".repeat(1100),
                "")) {
            assertThat(TenantBranding.isHttpsUrl(bad)).as(bad).isFalse();
        }
        assertThat(TenantBranding.isHttpsUrl(null)).isFalse();
    }

    @Test
    void coloursAreSixHexDigits() {
        assertThat(TenantBranding.isColor("#0a7cFF")).isTrue();
        for (String bad :
                List.of("#fff", "0a7cff", "#0a7cff;", "red", "#0a7cffff", "#0a7cfg", "#000000;}</style><script>", "")) {
            assertThat(TenantBranding.isColor(bad)).as(bad).isFalse();
        }
    }

    @Test
    void problemsNameWhatIsExpectedForTheDocumentedKeysOnly() {
        assertThat(TenantBranding.problem("logo-url", "http://x.test/a.png"))
                .get()
                .asString()
                .contains("https");
        assertThat(TenantBranding.problem("primary-color", "blue"))
                .get()
                .asString()
                .contains("#rrggbb");
        assertThat(TenantBranding.problem("display-name", " ")).isPresent();
        assertThat(TenantBranding.problem("display-name", "Acme\nCorp")).isPresent();
        assertThat(TenantBranding.problem("display-name", "Acme <Corp>")).isEmpty();
        assertThat(TenantBranding.problem("tagline", "anything")).isEmpty();
        assertThat(TenantBranding.problem("logo-url", null)).isEmpty();
    }

    @Test
    void readingDropsInvalidValuesInsteadOfRepairingThem() {
        TenantBranding.Values values = TenantBranding.of(Map.of(
                "tenancy.branding.display-name", List.of("  Acme <b>Corp</b> "),
                "tenancy.branding.logo-url", List.of("javascript:alert(1)"),
                "tenancy.branding.primary-color", List.of("#AABBCC"),
                "tenancy.policy.mfa", List.of("x")));
        assertThat(values).isEqualTo(new TenantBranding.Values("Acme <b>Corp</b>", null, "#aabbcc"));
        assertThat(TenantBranding.of(Map.of()).isEmpty()).isTrue();
        assertThat(TenantBranding.of(null)).isEqualTo(TenantBranding.Values.NONE);
    }

    @Test
    void textOnThePrimaryColourIsWhiteOnDarkAndBlackOnLight() {
        assertThat(TenantBranding.contrastingTextColor("#0066cc")).isEqualTo("#ffffff");
        assertThat(TenantBranding.contrastingTextColor("#1a1a1a")).isEqualTo("#ffffff");
        assertThat(TenantBranding.contrastingTextColor("#ffd700")).isEqualTo("#000000");
        assertThat(TenantBranding.contrastingTextColor("#ffffff")).isEqualTo("#000000");
        assertThat(TenantBranding.contrastingTextColor("#f5c518")).isEqualTo("#000000");
        assertThat(TenantBranding.contrastingTextColor("#777777")).isEqualTo("#000000");
        assertThat(TenantBranding.contrastingTextColor("nonsense")).isEqualTo("#ffffff");
    }
}
