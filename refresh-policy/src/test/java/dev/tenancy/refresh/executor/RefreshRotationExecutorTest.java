package dev.tenancy.refresh.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenancy.refresh.rotation.ReplayScope;
import dev.tenancy.refresh.rotation.RotationPolicy;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;

class RefreshRotationExecutorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What Keycloak does with a saved executor configuration: JSON to the executor's configuration class. */
    private static RefreshRotationExecutor.Configuration configuration(String json) throws Exception {
        return JSON.convertValue(JSON.readTree(json), RefreshRotationExecutor.Configuration.class);
    }

    @Test
    void acceptsAValidConfigurationAndUsesIt() throws Exception {
        RefreshRotationExecutor.Configuration config = configuration(
                "{\"rotation\":true,\"graceSeconds\":5,\"replayRevokes\":\"user-session\",\"familyMaxLifespanSeconds\":\"3600\"}");
        assertThat(config.validateConfig()).isTrue();

        RefreshRotationExecutor executor = new RefreshRotationExecutor(session(new HashMap<>()));
        executor.setupConfiguration(config);
        assertThat(executor.policy()).isEqualTo(new RotationPolicy(true, 5, ReplayScope.USER_SESSION, 3600));
    }

    @Test
    void rejectsInvalidValuesWithoutThrowing() throws Exception {
        assertThat(configuration("{\"graceSeconds\":61}").validateConfig()).isFalse();
        assertThat(configuration("{\"graceSeconds\":\"soon\"}").validateConfig())
                .isFalse();
        assertThat(configuration("{\"graceSeconds\":[1]}").validateConfig()).isFalse();
        assertThat(configuration("{\"replayRevokes\":\"realm\"}").validateConfig())
                .isFalse();
        assertThat(configuration("{}").validateConfig()).isTrue();
    }

    @Test
    void aConfigurationThatIsNotAJsonObjectIsInvalidNotAConversionError() throws Exception {
        for (String notAnObject : new String[] {"\"*\"", "[1,2]", "5", "true", "[]"}) {
            assertThat(configuration(notAnObject).validateConfig())
                    .as(notAnObject)
                    .isFalse();
        }
        assertThat(JSON.convertValue(null, RefreshRotationExecutor.Configuration.class))
                .isNull();
        RefreshRotationExecutor executor = new RefreshRotationExecutor(session(new HashMap<>()));
        executor.setupConfiguration(configuration("\"*\""));
        assertThat(executor.policy()).isEqualTo(RotationPolicy.DEFAULT);
    }

    @Test
    void unknownKeysStayInTheConfigurationMapAsBefore() throws Exception {
        RefreshRotationExecutor.Configuration config = configuration("{\"graceSeconds\":3,\"other\":{\"a\":1}}");
        assertThat(config.graceSeconds).isEqualTo(3);
        assertThat(config.getConfigAsMap()).containsEntry("other", Map.of("a", 1));
        assertThat(config.validateConfig()).isTrue();
    }

    @Test
    void anInvalidStoredConfigurationFallsBackToRotationWithoutGrace() throws Exception {
        RefreshRotationExecutor executor = new RefreshRotationExecutor(session(new HashMap<>()));
        executor.setupConfiguration(configuration("{\"graceSeconds\":999,\"rotation\":false}"));
        assertThat(executor.policy()).isEqualTo(RotationPolicy.DEFAULT);
    }

    @Test
    void handsItsPolicyToTheRefreshOnTokenRefresh() throws Exception {
        Map<String, Object> attributes = new HashMap<>();
        KeycloakSession session = session(attributes);
        RefreshRotationExecutor executor = new RefreshRotationExecutor(session);
        executor.setupConfiguration(configuration("{\"graceSeconds\":\"7\"}"));

        executor.executeOnEvent(event(ClientPolicyEvent.TOKEN_REFRESH));

        assertThat(RotationPolicy.of(session)).isEqualTo(new RotationPolicy(true, 7, ReplayScope.CLIENT_SESSION, 0));
    }

    @ParameterizedTest
    @EnumSource(value = ClientPolicyEvent.class, mode = EnumSource.Mode.EXCLUDE, names = "TOKEN_REFRESH")
    void doesNothingOnOtherEvents(ClientPolicyEvent event) {
        Map<String, Object> attributes = new HashMap<>();
        RefreshRotationExecutor executor = new RefreshRotationExecutor(session(attributes));
        executor.executeOnEvent(event(event));
        assertThat(attributes).isEmpty();
    }

    private static ClientPolicyContext event(ClientPolicyEvent event) {
        return () -> event;
    }

    /** A session that only keeps attributes: all the executor touches. */
    private static KeycloakSession session(Map<String, Object> attributes) {
        return (KeycloakSession) Proxy.newProxyInstance(
                KeycloakSession.class.getClassLoader(),
                new Class<?>[] {KeycloakSession.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getAttribute" ->
                        args.length == 2
                                ? ((Class<?>) args[1]).cast(attributes.get((String) args[0]))
                                : attributes.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
