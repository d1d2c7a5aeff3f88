package dev.tenancy.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The "Active tenant" mapper's defaults: what an empty or partial configuration does. */
class ActiveTenantMapperDefaultsTest {

    @Test
    void anEmptyConfigurationIsTheConsolesDefaults() {
        assertThat(ActiveTenantMapperDefaults.effective(Map.of()))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "claim.name",
                        "tenant",
                        "access.token.claim",
                        "true",
                        "id.token.claim",
                        "true",
                        "userinfo.token.claim",
                        "true",
                        "introspection.token.claim",
                        "true"));
        assertThat(ActiveTenantMapperDefaults.effective(null)).containsEntry("access.token.claim", "true");
        assertThat(ActiveTenantMapperDefaults.claimName(Map.of())).isEqualTo("tenant");
        assertThat(ActiveTenantMapperDefaults.inAccessToken(Map.of())).isTrue();
        assertThat(ActiveTenantMapperDefaults.isComplete(Map.of())).isFalse();
    }

    @Test
    void setOptionsAreKeptAndOnlyTrueIsOn() {
        Map<String, String> partial = Map.of(
                "claim.name",
                " org ",
                "id.token.claim",
                "false",
                "access.token.claim",
                "yes",
                "includeGroups",
                "false");
        Map<String, String> effective = ActiveTenantMapperDefaults.effective(partial);
        assertThat(effective)
                .containsEntry("claim.name", "org")
                .containsEntry("id.token.claim", "false")
                .containsEntry("access.token.claim", "false")
                .containsEntry("userinfo.token.claim", "true")
                .containsEntry("introspection.token.claim", "true")
                .containsEntry("includeGroups", "false");
        assertThat(ActiveTenantMapperDefaults.inAccessToken(partial)).isFalse();
        assertThat(ActiveTenantMapperDefaults.claimName(partial)).isEqualTo("org");
        // a blank option is an unset one (the console may send "")
        assertThat(ActiveTenantMapperDefaults.inAccessToken(Map.of("access.token.claim", " ")))
                .isTrue();
    }

    @Test
    void aCompleteConfigurationIsUsedAsItIs() {
        Map<String, String> complete = new HashMap<>(ActiveTenantMapperDefaults.effective(Map.of("claim.name", "t")));
        assertThat(ActiveTenantMapperDefaults.isComplete(complete)).isTrue();
        assertThat(ActiveTenantMapperDefaults.effective(complete)).isEqualTo(complete);
    }
}
