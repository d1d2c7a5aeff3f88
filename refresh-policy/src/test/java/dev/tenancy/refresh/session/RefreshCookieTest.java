package dev.tenancy.refresh.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RefreshCookieTest {

    private static final String PATH = "/realms/acme/tenancy-session/my-spa/";

    @Test
    void httpsUsesTheSecurePrefixAndTheClientsFolder() {
        RefreshCookie cookie = RefreshCookie.of(true, true, PATH);
        assertThat(cookie.name()).isEqualTo("__Secure-tenancy_rt");
        assertThat(cookie.set("a.b.c", 1800))
                .isEqualTo("__Secure-tenancy_rt=a.b.c; Path=" + PATH
                        + "; Max-Age=1800; Secure; HttpOnly; SameSite=Strict");
    }

    @Test
    void plainHttpOnLocalhostKeepsSecureButDropsThePrefix() {
        RefreshCookie cookie = RefreshCookie.of(false, true, PATH);
        assertThat(cookie.name()).isEqualTo("tenancy_rt");
        assertThat(cookie.set("a.b.c", 60))
                .contains("; Secure; HttpOnly; SameSite=Strict")
                .doesNotContain("Domain");
    }

    @Test
    void aBrowserThatKeepsNoSecureCookieHereGetsNoSecureFlag() {
        assertThat(RefreshCookie.of(false, false, PATH).set("a.b.c", 60))
                .isEqualTo("tenancy_rt=a.b.c; Path=" + PATH + "; Max-Age=60; HttpOnly; SameSite=Strict");
    }

    @Test
    void noLifetimeMeansABrowserSessionCookie() {
        assertThat(RefreshCookie.of(true, true, PATH).set("a.b.c", 0)).doesNotContain("Max-Age");
    }

    @Test
    void clearingExpiresTheSameNameAndPath() {
        assertThat(RefreshCookie.of(true, true, PATH).clear())
                .startsWith("__Secure-tenancy_rt=; Path=" + PATH + "; Max-Age=0;")
                .endsWith("; Secure; HttpOnly; SameSite=Strict");
    }

    @Test
    void theFolderIsTheRequestPathUpToTheClientSegment() {
        assertThat(RefreshCookie.folderOf("/realms/acme/tenancy-session/my-spa/refresh"))
                .isEqualTo(PATH);
        assertThat(RefreshCookie.folderOf("/auth/realms/a%20b/tenancy-session/x/token"))
                .isEqualTo("/auth/realms/a%20b/tenancy-session/x/");
    }

    @Test
    void readsOnlyItsOwnNameAndIgnoresBlankValues() {
        RefreshCookie cookie = RefreshCookie.of(false, true, PATH);
        assertThat(cookie.read(Map.of("tenancy_rt", "t")::get)).isEqualTo("t");
        assertThat(cookie.read(Map.of("__Secure-tenancy_rt", "t")::get)).isNull();
        assertThat(cookie.read(Map.of("tenancy_rt", " ")::get)).isNull();
    }

    @Test
    void refusesValuesThatWouldBreakTheHeader() {
        RefreshCookie cookie = RefreshCookie.of(true, true, PATH);
        assertThatThrownBy(() -> cookie.set("a; Domain=evil", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cookie.set("", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RefreshCookie.of(true, true, "/no-trailing-slash"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
