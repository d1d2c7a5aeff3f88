package dev.tenancy.admin.invitation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvitationUrlsTest {

    @Test
    void bracesAndOtherReservedCharactersInAnAddressAreEncodedNotTemplates() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("login_hint", "a{b}c+d&e=f g@example.test");
        params.put("prompt", null);
        String url = InvitationUrls.withQuery("https://kc.test/realms/r/protocol/openid-connect/auth", params);
        assertThat(url)
                .isEqualTo("https://kc.test/realms/r/protocol/openid-connect/auth"
                        + "?login_hint=a%7Bb%7Dc%2Bd%26e%3Df%20g%40example.test");
        assertThat(URI.create(url).getQuery()).isEqualTo("login_hint=a{b}c+d&e=f g@example.test");
    }

    @Test
    void theLinkAndTheCallbackEncodeTheRealmNameAsOneSegment() {
        URI base = URI.create("https://kc.test/");
        assertThat(InvitationUrls.link(base, "acme", "id.sec-_ret"))
                .isEqualTo("https://kc.test/realms/acme/tenants/invitations/accept?key=id.sec-_ret");
        assertThat(InvitationUrls.link(URI.create("https://kc.test/auth"), "a/{b}", "{x}"))
                .isEqualTo("https://kc.test/auth/realms/a%2F%7Bb%7D/tenants/invitations/accept?key=%7Bx%7D");
        assertThat(InvitationUrls.callbackPath("acme")).isEqualTo("/realms/acme/tenants/invitations/callback");
    }
}
