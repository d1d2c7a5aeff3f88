package dev.tenancy.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathScopedCookieJarTest {

    private final PathScopedCookieJar jar = new PathScopedCookieJar();

    private void receive(String url, String... setCookies) {
        jar.put(URI.create(url), Map.of("Set-Cookie", List.of(setCookies)));
    }

    private String cookieHeaderFor(String url) {
        return jar.get(URI.create(url), Map.of())
                .getOrDefault("Cookie", List.of(""))
                .get(0);
    }

    @Test
    void twoRealmsKeepTheirOwnCookiesOfTheSameName() {
        receive(
                "http://localhost:8080/realms/consumer/protocol/openid-connect/auth",
                "AUTH_SESSION_ID=consumer-session; Version=1; Path=/realms/consumer/; SameSite=None; Secure; HttpOnly");
        receive(
                "http://localhost:8080/realms/upstream/protocol/saml",
                "AUTH_SESSION_ID=upstream-session; Version=1; Path=/realms/upstream/; SameSite=None; Secure; HttpOnly");

        assertThat(cookieHeaderFor("http://localhost:8080/realms/consumer/login-actions/authenticate"))
                .isEqualTo("AUTH_SESSION_ID=consumer-session");
        assertThat(cookieHeaderFor("http://localhost:8080/realms/upstream/login-actions/authenticate"))
                .isEqualTo("AUTH_SESSION_ID=upstream-session");
        assertThat(cookieHeaderFor("http://localhost:8080/admin/master/console/"))
                .isEmpty();
    }

    @Test
    void aPathMatchesOnlyAtASegmentBoundary() {
        assertThat(PathScopedCookieJar.pathMatches("/realms/acme/account", "/realms/acme"))
                .isTrue();
        assertThat(PathScopedCookieJar.pathMatches("/realms/acme", "/realms/acme"))
                .isTrue();
        assertThat(PathScopedCookieJar.pathMatches("/realms/acme-idp/account", "/realms/acme"))
                .isFalse();
        assertThat(PathScopedCookieJar.pathMatches("/realms/acme", "/realms/acme/"))
                .isFalse();
        assertThat(PathScopedCookieJar.pathMatches("/anything", "/")).isTrue();
    }

    @Test
    void withoutAPathTheCookieBelongsToTheDirectoryOfTheRequest() {
        assertThat(PathScopedCookieJar.defaultPath(URI.create("http://localhost/realms/acme/login")))
                .isEqualTo("/realms/acme");
        assertThat(PathScopedCookieJar.defaultPath(URI.create("http://localhost/login")))
                .isEqualTo("/");
        receive("http://localhost/realms/acme/login", "TAB=1");
        assertThat(cookieHeaderFor("http://localhost/realms/acme/other")).isEqualTo("TAB=1");
        assertThat(cookieHeaderFor("http://localhost/realms/globex/other")).isEmpty();
    }

    @Test
    void theMoreSpecificPathIsSentFirstAndAnExpiredCookieIsDropped() {
        receive("http://localhost/realms/acme/x", "KC_STATE=wide; Path=/", "KC_STATE=narrow; Path=/realms/acme/");
        assertThat(cookieHeaderFor("http://localhost/realms/acme/y")).isEqualTo("KC_STATE=narrow; KC_STATE=wide");

        receive(
                "http://localhost/realms/acme/x",
                "KC_STATE=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:10 GMT; Path=/realms/acme/");
        assertThat(cookieHeaderFor("http://localhost/realms/acme/y")).isEqualTo("KC_STATE=wide");
    }

    @Test
    void secureCookiesAreSentOverPlainHttpAndOnlyToTheirHost() {
        receive("http://localhost:8080/realms/acme/x", "KEYCLOAK_IDENTITY=jwt; Path=/realms/acme/; Secure");
        assertThat(cookieHeaderFor("http://localhost:8080/realms/acme/y")).isEqualTo("KEYCLOAK_IDENTITY=jwt");
        assertThat(cookieHeaderFor("http://127.0.0.1:8080/realms/acme/y")).isEmpty();
    }
}
