package dev.tenancy.admin.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.admin.invitation.InvitationSignIn;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingSignInTest {

    @Test
    void theCookieValueRoundTrips() {
        var pending = new PendingSignIn(
                "0b1c-2d.secret_-x", InvitationSignIn.random(), InvitationSignIn.random(), 1_700_000_000_123L);
        assertThat(PendingSignIn.parse(pending.value())).contains(pending);
    }

    @Test
    void aMalformedCookieIsNoPendingSignIn() {
        for (String value : List.of("", "a~b~c", "a~b~c~x", "~b~c~1", "a~~c~1", "a~b~c~1~e", "x".repeat(600))) {
            assertThat(PendingSignIn.parse(value)).as(value).isEmpty();
        }
        assertThat(PendingSignIn.parse(null)).isEmpty();
    }

    @Test
    void theChallengeIsS256AsKeycloakComputesIt() throws Exception {
        String verifier = InvitationSignIn.random();
        assertThat(verifier).matches("[A-Za-z0-9_-]{43}");
        assertThat(InvitationSignIn.s256(verifier))
                .isEqualTo(org.keycloak.protocol.oidc.utils.PkceUtils.generateS256CodeChallenge(verifier));
    }
}
