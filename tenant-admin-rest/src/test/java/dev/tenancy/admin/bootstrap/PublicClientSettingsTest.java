package dev.tenancy.admin.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The upgrade decision for the pack's public clients, shown on tenancy-invitations (applying it is one setter per
 * setting).
 */
class PublicClientSettingsTest {

    @Test
    void theClientOfAnOlderVersionIsUpgradedInRedirectUrisAndPkce() {
        // what TenancyClients created before: wildcard redirect URI below /accept, PKCE attribute empty
        PublicClientSettings old = new PublicClientSettings(
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
        assertThat(TenancyClients.invitationsClient("acme").drift(old))
                .containsExactly("redirectUris", "pkce.code.challenge.method");
    }

    @Test
    void aClientLoosenedByHandIsUpgradedInEverySettingThatDiffers() {
        PublicClientSettings loose = new PublicClientSettings(
                false, true, true, true, true, "https://evil.test", Set.of("*"), Set.of("+"), "plain", true);
        assertThat(TenancyClients.invitationsClient("acme").drift(loose))
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
        PublicClientSettings required = TenancyClients.invitationsClient("acme");
        assertThat(required.redirectUris())
                .containsExactly("/realms/acme/tenants/invitations/callback")
                .noneMatch(uri -> uri.contains("*"));
        assertThat(required.pkceMethod()).isEqualTo("S256");
        assertThat(required.drift(TenancyClients.invitationsClient("acme"))).isEmpty();
        assertThat(required.drift(TenancyClients.invitationsClient("renamed"))).containsExactly("redirectUris");
    }
}
