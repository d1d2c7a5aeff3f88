package dev.tenancy.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActiveTenantMapperConfigTest {

    @Test
    void anEmptyConfigurationMeansTheDocumentedDefaults() {
        ActiveTenantMapperConfig config = ActiveTenantMapperConfig.validate(Map.of());
        assertThat(config.claimName()).isEqualTo("tenant");
        assertThat(config.includeGroups()).isTrue();
        assertThat(config.resourceAccess()).isEqualTo(ActiveTenantMapperConfig.ResourceAccess.AUDIENCE);
        assertThat(config.attributes()).isEmpty();
        assertThat(config.tenantsClaim()).isFalse();
        assertThat(config.tenantsClaimName()).isEqualTo("tenants");
        assertThat(config.tenantsLimit()).isEqualTo(100);
    }

    @Test
    void everyOptionIsRead() {
        ActiveTenantMapperConfig config = ActiveTenantMapperConfig.validate(Map.of(
                "claim.name",
                "org.active",
                "includeGroups",
                "false",
                "resourceAccess",
                "all",
                "attributes",
                "plan##region",
                "tenantsClaim",
                "true",
                "tenantsClaimName",
                "orgs",
                "tenantsLimit",
                "7"));
        assertThat(config.claimName()).isEqualTo("org.active");
        assertThat(config.includeGroups()).isFalse();
        assertThat(config.resourceAccess()).isEqualTo(ActiveTenantMapperConfig.ResourceAccess.ALL);
        assertThat(config.attributes()).containsExactly("plan", "region");
        assertThat(config.tenantsClaim()).isTrue();
        assertThat(config.tenantsClaimName()).isEqualTo("orgs");
        assertThat(config.tenantsLimit()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1001", "ten", "99999999999"})
    void anOutOfRangeOrNonNumericTenantsLimitIsRejected(String limit) {
        assertThatThrownBy(() -> ActiveTenantMapperConfig.validate(Map.of("tenantsLimit", limit)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenantsLimit");
    }

    @Test
    void anOptionNameLongerThanKeycloaksColumnIsRejectedWhenSaved() {
        Map<String, String> config = new java.util.HashMap<>();
        config.put("a".repeat(256), "1");
        assertThatThrownBy(() -> ActiveTenantMapperConfig.validate(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option name");
        Map<String, String> longest = new java.util.HashMap<>();
        longest.put("a".repeat(255), "1");
        assertThat(ActiveTenantMapperConfig.validate(longest).claimName()).isEqualTo("tenant");
    }

    @Test
    void invalidValuesAreRejectedNamingTheOption() {
        assertThatThrownBy(() -> ActiveTenantMapperConfig.validate(Map.of("resourceAccess", "everything")))
                .hasMessageContaining("resourceAccess");
        assertThatThrownBy(() -> ActiveTenantMapperConfig.validate(Map.of("claim.name", "has space")))
                .hasMessageContaining("claim name");
        assertThatThrownBy(() ->
                        ActiveTenantMapperConfig.validate(Map.of("tenantsClaim", "true", "tenantsClaimName", "tenant")))
                .hasMessageContaining("tenantsClaimName");
        assertThatThrownBy(() -> ActiveTenantMapperConfig.validate(Map.of("attributes", "ok##bad name")))
                .hasMessageContaining("bad name");
    }

    @Test
    void noMessageContainsAnApostropheBecauseTheAdminApiFormatsItWithMessageFormat() {
        for (Map<String, String> bad : new Map[] {
            Map.of("resourceAccess", "x"),
            Map.of("claim.name", "a b"),
            Map.of("tenantsLimit", "x"),
            Map.of("attributes", "a b")
        }) {
            assertThatThrownBy(() -> ActiveTenantMapperConfig.validate(bad))
                    .message()
                    .doesNotContain("'");
        }
    }

    @Test
    void aConfigurationWrittenAroundTheAdminApiFallsBackToDefaultsAtTokenTime() {
        assertThat(ActiveTenantMapperConfig.from(Map.of("resourceAccess", "everything"))
                        .resourceAccess())
                .isEqualTo(ActiveTenantMapperConfig.ResourceAccess.AUDIENCE);
    }

    /** Found by EndpointFuzzIT: the admin API runs our message through MessageFormat, which failed on braces (500). */
    @ParameterizedTest
    @ValueSource(strings = {"${jndi:ldap://x/a}", "{0}", "it's", "{{7*7}}", "a}b{"})
    void theMessageOfAnyRefusedValueSurvivesTheAdminApisMessageFormat(String claimName) {
        assertThatThrownBy(() -> ActiveTenantMapperConfig.validate(Map.of("claim.name", claimName)))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> {
                    String safe = ActiveTenantMapperConfig.messageFormatSafe(e.getMessage());
                    assertThat(java.text.MessageFormat.format(safe, new Object[0]))
                            .isEqualTo(safe)
                            .startsWith("Invalid claim name");
                });
    }
}
