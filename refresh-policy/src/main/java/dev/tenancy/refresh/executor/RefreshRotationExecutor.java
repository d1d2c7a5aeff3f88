package dev.tenancy.refresh.executor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenancy.refresh.rotation.RotationPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Client-policy executor {@code tenancy-refresh-rotation}: the per-client (or, through a policy's conditions, per group
 * of clients) refresh-token policy. On {@link ClientPolicyEvent#TOKEN_REFRESH}, which Keycloak fires before the
 * refresh-token provider runs, it hands its configuration to {@code TenancyRefreshTokenProvider} for this request; the
 * provider does the rotation. It never rejects a request itself.
 */
public class RefreshRotationExecutor implements ClientPolicyExecutorProvider<RefreshRotationExecutor.Configuration> {

    private static final Logger LOG = Logger.getLogger(RefreshRotationExecutor.class);

    private final KeycloakSession session;
    private RotationPolicy policy = RotationPolicy.DEFAULT;

    public RefreshRotationExecutor(KeycloakSession session) {
        this.session = session;
    }

    /**
     * The executor's JSON configuration. Values are kept as sent (JSON boolean/number or the admin console's strings)
     * and parsed by {@link RotationPolicy#parse}, so that a wrong type is reported as invalid configuration (HTTP 400
     * on save) instead of failing in Jackson.
     */
    public static class Configuration extends ClientPolicyExecutorConfigurationRepresentation {

        @JsonProperty(RotationPolicy.ROTATION)
        public Object rotation;

        @JsonProperty(RotationPolicy.GRACE_SECONDS)
        public Object graceSeconds;

        @JsonProperty(RotationPolicy.REPLAY_REVOKES)
        public Object replayRevokes;

        @JsonProperty(RotationPolicy.FAMILY_MAX_LIFESPAN_SECONDS)
        public Object familyMaxLifespanSeconds;
        /** The saved configuration was not a JSON object (a string, number, list...): never valid. */
        @JsonIgnore
        boolean notAnObject;

        private static final ObjectMapper VALUES = new ObjectMapper();

        /**
         * Keycloak converts a saved configuration to this class with Jackson BEFORE it asks {@link #validateConfig()};
         * a configuration that is not a JSON object would fail that conversion, and the admin API would answer 500.
         * Taking any JSON here turns it into an invalid configuration instead: the save is refused with 400.
         */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Configuration of(JsonNode json) {
            Configuration configuration = new Configuration();
            if (json == null || json.isNull()) {
                return configuration;
            }
            if (!json.isObject()) {
                configuration.notAnObject = true;
                return configuration;
            }
            json.fields().forEachRemaining(field -> {
                Object value = VALUES.convertValue(field.getValue(), Object.class);
                switch (field.getKey()) {
                    case RotationPolicy.ROTATION -> configuration.rotation = value;
                    case RotationPolicy.GRACE_SECONDS -> configuration.graceSeconds = value;
                    case RotationPolicy.REPLAY_REVOKES -> configuration.replayRevokes = value;
                    case RotationPolicy.FAMILY_MAX_LIFESPAN_SECONDS -> configuration.familyMaxLifespanSeconds = value;
                    default -> configuration.setConfigAsMap(field.getKey(), value);
                }
            });
            return configuration;
        }

        @JsonIgnore
        Map<String, Object> values() {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put(RotationPolicy.ROTATION, rotation);
            values.put(RotationPolicy.GRACE_SECONDS, graceSeconds);
            values.put(RotationPolicy.REPLAY_REVOKES, replayRevokes);
            values.put(RotationPolicy.FAMILY_MAX_LIFESPAN_SECONDS, familyMaxLifespanSeconds);
            return values;
        }

        /** Checked by Keycloak when a profile is saved: {@code false} rejects the save with HTTP 400. */
        @Override
        public boolean validateConfig() {
            if (notAnObject) {
                LOG.debugf("Rejected %s configuration: not a JSON object", RefreshRotationExecutorFactory.PROVIDER_ID);
                return false;
            }
            try {
                RotationPolicy.parse(values());
                return true;
            } catch (IllegalArgumentException e) {
                LOG.debugf("Rejected %s configuration: %s", RefreshRotationExecutorFactory.PROVIDER_ID, e.getMessage());
                return false;
            }
        }
    }

    @Override
    public Class<Configuration> getExecutorConfigurationClass() {
        return Configuration.class;
    }

    @Override
    public void setupConfiguration(Configuration config) {
        if (config == null) {
            policy = RotationPolicy.DEFAULT;
            return;
        }
        try {
            policy = RotationPolicy.parse(config.values());
        } catch (IllegalArgumentException e) {
            // Keycloak sets up the executor with the proposed configuration BEFORE it validates it on save, so this
            // is mostly a rejected save; at refresh time it is unreachable (import validates too). Fail safe anyway:
            // rotation with no grace rather than no rotation at all.
            LOG.debugf(
                    "Invalid %s configuration (%s); using the defaults %s",
                    RefreshRotationExecutorFactory.PROVIDER_ID, e.getMessage(), RotationPolicy.DEFAULT);
            policy = RotationPolicy.DEFAULT;
        }
    }

    RotationPolicy policy() {
        return policy;
    }

    @Override
    public String getProviderId() {
        return RefreshRotationExecutorFactory.PROVIDER_ID;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) {
        if (context.getEvent() == ClientPolicyEvent.TOKEN_REFRESH) {
            policy.applyTo(session, Time.currentTimeMillis());
        }
    }
}
