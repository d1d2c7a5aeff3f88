package dev.tenancy.admin.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PortalLocaleTest {

    @Test
    void uiLocalesWinThenKeycloaksChoiceThenTheBrowser() {
        assertThat(PortalLocale.choose("fr de", Locale.ENGLISH, List.of(Locale.ENGLISH)))
                .isEqualTo("de");
        assertThat(PortalLocale.choose(null, Locale.GERMAN, List.of(Locale.ENGLISH)))
                .isEqualTo("de");
        assertThat(PortalLocale.choose(
                        null, null, List.of(Locale.forLanguageTag("fr-FR"), Locale.forLanguageTag("de-AT"))))
                .isEqualTo("de");
    }

    @Test
    void anUnsupportedLanguageFallsThroughToEnglish() {
        assertThat(PortalLocale.choose("fr", Locale.FRENCH, List.of(Locale.JAPANESE)))
                .isEqualTo("en");
        assertThat(PortalLocale.choose("", null, null)).isEqualTo("en");
        assertThat(PortalLocale.choose("<script>", null, List.of())).isEqualTo("en");
    }
}
