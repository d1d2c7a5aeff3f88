package dev.tenancy.refresh.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RotationPolicyTest {

    @Test
    void anEmptyOrMissingConfigurationMeansRotationWithoutGraceRevokingTheClientSession() {
        assertThat(RotationPolicy.parse(null)).isEqualTo(RotationPolicy.DEFAULT);
        assertThat(RotationPolicy.parse(Map.of())).isEqualTo(RotationPolicy.DEFAULT);
        assertThat(RotationPolicy.DEFAULT).isEqualTo(new RotationPolicy(true, 0, ReplayScope.CLIENT_SESSION, 0));
    }

    @Test
    void readsJsonTypes() {
        RotationPolicy policy = RotationPolicy.parse(Map.of(
                "rotation",
                false,
                "graceSeconds",
                5,
                "replayRevokes",
                "all-user-sessions",
                "familyMaxLifespanSeconds",
                86_400));
        assertThat(policy).isEqualTo(new RotationPolicy(false, 5, ReplayScope.ALL_USER_SESSIONS, 86_400));
        assertThat(policy.graceMillis()).isEqualTo(5_000);
    }

    @Test
    void readsTheStringsTheAdminConsoleSends() {
        RotationPolicy policy = RotationPolicy.parse(Map.of(
                "rotation",
                "TRUE",
                "graceSeconds",
                " 60 ",
                "replayRevokes",
                "user-session",
                "familyMaxLifespanSeconds",
                "0"));
        assertThat(policy).isEqualTo(new RotationPolicy(true, 60, ReplayScope.USER_SESSION, 0));
    }

    @Test
    void blankValuesTakeTheDefaults() {
        Map<String, Object> config = new HashMap<>();
        config.put("rotation", "");
        config.put("graceSeconds", null);
        config.put("replayRevokes", " ");
        assertThat(RotationPolicy.parse(config)).isEqualTo(RotationPolicy.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "61", "3600", "abc", "1.5", "99999999999"})
    void rejectsAGraceWindowOutsideZeroToSixtySeconds(String grace) {
        assertThatThrownBy(() -> RotationPolicy.parse(Map.of("graceSeconds", grace)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("graceSeconds");
    }

    @Test
    void rejectsNonIntegralNumbers() {
        assertThatThrownBy(() -> RotationPolicy.parse(Map.of("graceSeconds", 1.5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("graceSeconds");
    }

    @Test
    void rejectsAnUnknownRevocationScope() {
        assertThatThrownBy(() -> RotationPolicy.parse(Map.of("replayRevokes", "everything")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client-session")
                .hasMessageContaining("all-user-sessions");
    }

    @Test
    void rejectsANonBooleanRotation() {
        assertThatThrownBy(() -> RotationPolicy.parse(Map.of("rotation", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rotation");
    }

    @Test
    void rejectsANegativeFamilyLifespan() {
        assertThatThrownBy(() -> RotationPolicy.parse(Map.of("familyMaxLifespanSeconds", -5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("familyMaxLifespanSeconds");
    }
}
