package dev.tenancy.admin.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/** The invitation page without the themes module: every state in English and German, escaped. */
class InvitationFallbackPageTest {

    @Test
    void englishAndGermanHaveTheSameKeys() {
        ResourceBundle en = InvitationFallbackPage.bundle(Locale.ENGLISH);
        ResourceBundle de = InvitationFallbackPage.bundle(Locale.GERMAN);
        assertThat(en.getLocale()).isEqualTo(Locale.ENGLISH);
        assertThat(de.getLocale()).isEqualTo(Locale.GERMAN);
        assertThat(de.keySet()).isEqualTo(en.keySet());
        for (String key : en.keySet()) {
            assertThat(de.getString(key)).as(key).isNotBlank().isNotEqualTo(en.getString(key));
        }
    }

    @Test
    void everyStateHasATextWithAndWithoutTheTenantsName() {
        ResourceBundle en = InvitationFallbackPage.bundle(Locale.ENGLISH);
        for (InvitationPageState state : InvitationPageState.values()) {
            assertThat(en.containsKey(InvitationFallbackPage.key(state, true)))
                    .as(state.name())
                    .isTrue();
            assertThat(en.containsKey(InvitationFallbackPage.key(state, false)))
                    .as(state.name())
                    .isTrue();
        }
    }

    @Test
    void thePageIsInTheRequestsLanguageAndFallsBackToEnglish() {
        assertThat(InvitationFallbackPage.html(InvitationPageState.JOINED, "Acme", Locale.GERMAN))
                .contains("<html lang=\"de\">", "Sie sind Acme beigetreten.");
        assertThat(InvitationFallbackPage.html(InvitationPageState.JOINED, "Acme", Locale.forLanguageTag("de-AT")))
                .contains("Sie sind Acme beigetreten.");
        assertThat(InvitationFallbackPage.html(InvitationPageState.JOINED, "Acme", Locale.FRENCH))
                .contains("<html lang=\"en\">", "You joined Acme.");
        assertThat(InvitationFallbackPage.html(InvitationPageState.EXPIRED, null, null))
                .contains("This invitation has expired.");
    }

    @Test
    void theTenantsNameIsEscapedAndNotAPattern() {
        assertThat(InvitationFallbackPage.html(
                        InvitationPageState.PENDING, "<b>{0}'s \"Co\" & Sons</b>", Locale.ENGLISH))
                .contains("You are invited to join &lt;b&gt;{0}'s &quot;Co&quot; &amp; Sons&lt;/b&gt;.")
                .doesNotContain("<b>");
    }
}
