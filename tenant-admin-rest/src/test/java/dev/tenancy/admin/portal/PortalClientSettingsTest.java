package dev.tenancy.admin.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.admin.bootstrap.PublicClientSettings;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The upgrade decision for the client tenancy-portal (applying it is one setter per setting). */
class PortalClientSettingsTest {

    @Test
    void theRequiredSettingsArePublicPkceS256CookieModeAndOneExactRedirectUri() {
        PortalClientSettings required = PortalClientSettings.required("acme", true);
        PublicClientSettings client = required.client();
        assertThat(client.publicClient()).isTrue();
        assertThat(client.standardFlow()).isTrue();
        assertThat(client.implicitFlow() || client.directAccessGrants() || client.serviceAccounts())
                .isFalse();
        assertThat(client.redirectUris())
                .containsExactly("/realms/acme/tenants/portal/")
                .noneMatch(uri -> uri.contains("*"));
        assertThat(client.rootUrl()).isEqualTo("${authBaseUrl}");
        assertThat(client.webOrigins()).containsExactly("+");
        assertThat(client.pkceMethod()).isEqualTo("S256");
        assertThat(required.cookieMode()).isEqualTo("true");
        assertThat(client.fullScopeAllowed()).isFalse();
        assertThat(required.tenantApiScopeDefault()).isTrue();
        assertThat(required.activeTenantMapper()).isTrue();
        assertThat(required.drift(PortalClientSettings.required("acme", true))).isEmpty();
    }

    @Test
    void theRoleScopeIsEveryTenantPermissionAndTheRealmAdminRolesOnly() {
        assertThat(PortalClientSettings.required("acme", true).scopeMappings())
                .containsExactlyInAnyOrder(
                        "tenancy-permissions/view-members", "tenancy-permissions/manage-members",
                        "tenancy-permissions/manage-roles", "tenancy-permissions/manage-invitations",
                        "tenancy-permissions/manage-policies", "tenancy-permissions/manage-sessions",
                        "tenancy-permissions/view-audit", "tenancy-permissions/tenant-admin",
                        "realm-management/manage-realm", "realm-management/manage-organizations");
        // the master realm has no realm-management client: no realm-admin roles there
        assertThat(PortalClientSettings.required("master", false).scopeMappings())
                .allMatch(role -> role.startsWith("tenancy-permissions/"))
                .hasSize(8);
    }

    @Test
    void aClientLoosenedByHandIsBroughtBackInEverySettingThatDiffers() {
        Set<String> roles = new HashSet<>(PortalClientSettings.requiredScopeMappings(true));
        roles.add("realm-management/manage-users");
        roles.remove("tenancy-permissions/view-audit");
        PortalClientSettings loose = new PortalClientSettings(
                new PublicClientSettings(
                        false, true, true, true, true, "https://evil.test", Set.of("*"), Set.of("*"), "plain", true),
                "false",
                roles,
                false,
                false);
        PortalClientSettings required = PortalClientSettings.required("acme", true);
        assertThat(required.drift(loose))
                .containsExactly(
                        "publicClient",
                        "implicitFlowEnabled",
                        "directAccessGrantsEnabled",
                        "serviceAccountsEnabled",
                        "rootUrl",
                        "redirectUris",
                        "webOrigins",
                        "pkce.code.challenge.method",
                        "fullScopeAllowed",
                        "tenancy.session.cookie-mode",
                        "scopeMappings",
                        "defaultClientScope:tenancy-admin",
                        "protocolMapper:oidc-tenant-mapper");
        assertThat(required.extraScopeMappings(loose)).containsExactly("realm-management/manage-users");
        assertThat(required.missingScopeMappings(loose)).containsExactly("tenancy-permissions/view-audit");
    }

    @Test
    void aRenamedRealmMovesOnlyTheRedirectUri() {
        assertThat(PortalClientSettings.required("acme", true).drift(PortalClientSettings.required("renamed", true)))
                .containsExactly("redirectUris");
        assertThat(PortalClientSettings.portalPath("my realm")).isEqualTo("/realms/my%20realm/tenants/portal/");
    }
}
