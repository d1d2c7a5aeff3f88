package dev.tenancy.admin.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The upgrade decision for the client tenancy-invitations (applying it is one setter per setting). */
class InvitationsClientSettingsTest {

    @Test
    void theClientOfAnOlderVersionIsUpgradedInRedirectUrisAndPkce() {
        // what TenancyClients created before: wildcard redirect URI below /accept, PKCE attribute empty
        InvitationsClientSettings old = new InvitationsClientSettings(
                true,
                true,
                false,
                false,
                false,
                "${authBaseUrl}",
                Set.of("/realms/acme/tenants/invitations/accept*"),
                Set.of(),
                "",
                false);
        assertThat(InvitationsClientSettings.required("acme").drift(old))
                .containsExactly("redirectUris", "pkce.code.challenge.method");
    }

    @Test
    void aClientLoosenedByHandIsUpgradedInEverySettingThatDiffers() {
        InvitationsClientSettings loose = new InvitationsClientSettings(
                false, true, true, true, true, "https://evil.test", Set.of("*"), Set.of("+"), "plain", true);
        assertThat(InvitationsClientSettings.required("acme").drift(loose))
                .containsExactly(
                        "publicClient",
                        "implicitFlowEnabled",
                        "directAccessGrantsEnabled",
                        "serviceAccountsEnabled",
                        "rootUrl",
                        "redirectUris",
                        "webOrigins",
                        "pkce.code.challenge.method",
                        "fullScopeAllowed");
    }

    @Test
    void theRequiredSettingsAreExactS256AndNeedNoWrite() {
        InvitationsClientSettings required = InvitationsClientSettings.required("acme");
        assertThat(required.redirectUris())
                .containsExactly("/realms/acme/tenants/invitations/callback")
                .noneMatch(uri -> uri.contains("*"));
        assertThat(required.pkceMethod()).isEqualTo("S256");
        assertThat(required.drift(InvitationsClientSettings.required("acme"))).isEmpty();
        assertThat(required.drift(InvitationsClientSettings.required("renamed")))
                .containsExactly("redirectUris");
    }
}
