package dev.tenancy.admin.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SetupOptionsTest {

    @Test
    void noParameterAndNoBodyIsARealRunForNoClient() {
        assertThat(SetupOptions.parse(null, null)).isEqualTo(new SetupOptions(false, List.of()));
    }

    @Test
    void dryRunIsTrueOrFalseOnly() {
        assertThat(SetupOptions.parse("true", null).dryRun()).isTrue();
        assertThat(SetupOptions.parse("false", null).dryRun()).isFalse();
        for (String bad : List.of("", "yes", "TRUE", "1")) {
            assertThatThrownBy(() -> SetupOptions.parse(bad, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("dryRun");
        }
    }

    @Test
    void theBodyNamesClientsByClientIdOnce() {
        assertThat(SetupOptions.parse(null, Map.of("defaultScopeClients", List.of("a", "b", "a")))
                        .defaultScopeClients())
                .containsExactly("a", "b");
    }

    @Test
    void aBodyOfAnotherShapeIsRefused() {
        assertThatThrownBy(() -> SetupOptions.parse(null, List.of())).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> SetupOptions.parse(null, Map.of("clients", List.of("a"))))
                .hasMessageContaining("unknown field 'clients'");
        assertThatThrownBy(() -> SetupOptions.parse(null, Map.of("defaultScopeClients", "a")))
                .hasMessageContaining("list");
        assertThatThrownBy(() -> SetupOptions.parse(null, Map.of("defaultScopeClients", List.of(1))))
                .hasMessageContaining("client ids");
        assertThatThrownBy(() -> SetupOptions.parse(null, Map.of("defaultScopeClients", List.of(" "))))
                .hasMessageContaining("client ids");
    }
}
