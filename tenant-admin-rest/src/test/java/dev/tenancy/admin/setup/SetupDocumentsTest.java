package dev.tenancy.admin.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenancy.context.ActiveTenantMapperDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the setup call writes is what README's manual steps (docs/setup/*.json) write: the mapper's configuration, the
 * rotation executor's, the "Tenant selection" options and the names.
 */
class SetupDocumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, Object> read(String name) throws IOException {
        Path file = Path.of("..", "docs", "setup", name);
        return JSON.readValue(Files.readString(file), new TypeReference<>() {});
    }

    @Test
    @SuppressWarnings("unchecked")
    void theClientScopeFileHasTheMapperSetupWrites() throws IOException {
        Map<String, Object> scope = read("client-scope.json");
        assertThat(scope.get("name")).isEqualTo(TenantScopeStep.SCOPE);
        Map<String, Object> mapper = ((List<Map<String, Object>>) scope.get("protocolMappers")).get(0);
        assertThat(mapper.get("name")).isEqualTo(TenantScopeStep.MAPPER_NAME);
        assertThat(mapper.get("config")).isEqualTo(TenantScopeStep.mapperConfig());
        // written explicitly, and the same as what an empty configuration means
        assertThat(TenantScopeStep.mapperConfig()).containsAllEntriesOf(ActiveTenantMapperDefaults.effective(Map.of()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRotationFilesHaveTheProfileAndPolicySetupWrites() throws IOException {
        Map<String, Object> profile =
                ((List<Map<String, Object>>) read("client-profiles.json").get("profiles")).get(0);
        assertThat(profile.get("name")).isEqualTo(RotationPolicyStep.PROFILE);
        Map<String, Object> executor = ((List<Map<String, Object>>) profile.get("executors")).get(0);
        assertThat(executor.get("executor")).isEqualTo(RotationPolicyStep.EXECUTOR);
        assertThat(executor.get("configuration")).isEqualTo(RotationPolicyStep.executorConfig());
        Map<String, Object> policy =
                ((List<Map<String, Object>>) read("client-policies.json").get("policies")).get(0);
        assertThat(policy.get("name")).isEqualTo(RotationPolicyStep.POLICY);
        assertThat(policy.get("profiles")).isEqualTo(List.of(RotationPolicyStep.PROFILE));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFlowFilesHaveTheTenantSelectionOptionsSetupWrites() throws IOException {
        assertThat(read("tenant-selection-config.json").get("config")).isEqualTo(FlowBuilder.selectionConfig());
        Map<String, Object> flow = read("browser-flow.json");
        assertThat(flow.get("browserFlow")).isEqualTo(FlowBuilder.FLOW);
        Map<String, Object> config = ((List<Map<String, Object>>) flow.get("authenticatorConfig")).get(0);
        assertThat(config.get("alias")).isEqualTo(FlowBuilder.SELECTION_CONFIG);
        assertThat(config.get("config")).isEqualTo(FlowBuilder.selectionConfig());
        List<String> aliases = ((List<Map<String, Object>>) flow.get("authenticationFlows"))
                .stream().map(f -> (String) f.get("alias")).toList();
        assertThat(aliases)
                .contains(FlowBuilder.FLOW, FlowBuilder.AUTHENTICATE, FlowBuilder.FLOW + FlowBuilder.MFA_SUFFIX);
    }

    @Test
    void theRealmSettingsFileHasThePasswordPolicyAndThemesSetupWrites() throws IOException {
        Map<String, Object> settings = read("realm-settings.json");
        assertThat((String) settings.get("passwordPolicy")).endsWith(PasswordPolicyStep.TENANT_PASSWORD_POLICY);
        assertThat(settings)
                .containsEntry("loginTheme", ThemesStep.THEME)
                .containsEntry("emailTheme", ThemesStep.THEME)
                .containsEntry("organizationsEnabled", true);
    }
}
