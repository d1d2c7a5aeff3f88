package dev.tenancy.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScopeParsingTest {

    @Test
    void requestedTenantsAreTheSingleOrganizationScopes() {
        assertThat(RequestedTenants.inScope("openid organization:acme profile organization:globex organization:acme"))
                .containsExactly("acme", "globex");
        assertThat(RequestedTenants.inScope("openid organization organization:* organization:"))
                .isEmpty();
        assertThat(RequestedTenants.inScope(null)).isEmpty();
        assertThat(RequestedTenants.inScope("   ")).isEmpty();
    }

    @Test
    void aSwitchRepointsSingleTenantScopesAndKeepsTheOthers() {
        assertThat(TenantSwitch.repointSingleTenantScopes("openid organization:acme email", "globex"))
                .isEqualTo("openid organization:globex email");
        assertThat(TenantSwitch.repointSingleTenantScopes("openid organization:* email", "globex"))
                .isEqualTo("openid organization:* email");
        assertThat(TenantSwitch.repointSingleTenantScopes("openid organization:a organization:b", "c"))
                .isEqualTo("openid organization:c");
        assertThat(TenantSwitch.repointSingleTenantScopes(null, "c")).isNull();
    }
}
