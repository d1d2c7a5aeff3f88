package dev.tenancy.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TotpTest {

    /** RFC 6238, Appendix B: the SHA-1 seed "12345678901234567890", last 6 digits of the 8-digit values. */
    @Test
    void matchesTheRfc6238TestVectors() {
        String seed = "12345678901234567890";
        assertThat(Totp.code(seed, 59)).isEqualTo("287082");
        assertThat(Totp.code(seed, 1111111109)).isEqualTo("081804");
        assertThat(Totp.code(seed, 1234567890)).isEqualTo("005924");
        assertThat(Totp.code(seed, 2000000000)).isEqualTo("279037");
    }

    @Test
    void readsTheSecretOfTheSetupPageAndAnswersTheCodePage() {
        Totp app = new Totp("alice", "pw");
        String setup =
                "<form action=\"/x\"><input type=\"hidden\" id=\"totpSecret\" name=\"totpSecret\" value=\"ab&amp;cd\"/>"
                        + "<input type=\"text\" id=\"totp\" name=\"totp\"/></form>";
        assertThat(app.valuesFor(setup))
                .containsEntry("totp", Totp.code("ab&cd", System.currentTimeMillis() / 1000))
                .containsEntry("username", "alice");
        assertThat(app.secret()).isEqualTo("ab&cd");
        assertThat(app.valuesFor("<form action=\"/y\"><input id=\"otp\" name=\"otp\" type=\"text\"/></form>"))
                .containsKey("otp");
        assertThat(app.pagesWithCode()).isEqualTo(2);
    }
}
