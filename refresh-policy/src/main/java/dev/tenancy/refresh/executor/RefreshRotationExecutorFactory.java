package dev.tenancy.refresh.executor;

import com.google.auto.service.AutoService;
import dev.tenancy.refresh.rotation.ReplayScope;
import dev.tenancy.refresh.rotation.RotationPolicy;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** Registers {@link RefreshRotationExecutor}; its properties are the form in Realm settings, Client policies, Profiles. */
@AutoService(ClientPolicyExecutorProviderFactory.class)
public class RefreshRotationExecutorFactory implements ClientPolicyExecutorProviderFactory {

    public static final String PROVIDER_ID = "tenancy-refresh-rotation";

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ProviderConfigurationBuilder.create()
            .property()
            .name(RotationPolicy.ROTATION)
            .label("Rotate refresh tokens")
            .helpText("Every refresh returns a new refresh token and spends the presented one; a spent token presented "
                    + "again is a replay. Independent of the realm's 'Revoke Refresh Token' setting.")
            .type(ProviderConfigProperty.BOOLEAN_TYPE)
            .defaultValue(Boolean.toString(RotationPolicy.DEFAULT.rotation()))
            .add()
            .property()
            .name(RotationPolicy.GRACE_SECONDS)
            .label("Grace window (seconds)")
            .helpText("For this many seconds after a rotation (0-" + RotationPolicy.MAX_GRACE_SECONDS
                    + "), the immediately "
                    + "previous refresh token may be presented again (two tabs, a network retry): it gets a copy of the "
                    + "current token instead of counting as a replay. 0 turns the window off; refreshes that were in "
                    + "flight during a rotation are then refused without revoking anything.")
            .type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(Integer.toString(RotationPolicy.DEFAULT.graceSeconds()))
            .add()
            .property()
            .name(RotationPolicy.REPLAY_REVOKES)
            .label("A replay revokes")
            .helpText(
                    "client-session: every refresh token of this client in that login; user-session: the whole login, "
                            + "all clients; all-user-sessions: every session of the user, offline ones included.")
            .type(ProviderConfigProperty.LIST_TYPE)
            .options(ReplayScope.configValues())
            .defaultValue(RotationPolicy.DEFAULT.replayRevokes().value())
            .add()
            .property()
            .name(RotationPolicy.FAMILY_MAX_LIFESPAN_SECONDS)
            .label("Family maximum lifespan (seconds)")
            .helpText("A token family (all refresh tokens of one login) ends this many seconds after its first token, "
                    + "however often it rotates. 0: only the realm's and client's session lifetimes apply.")
            .type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(Integer.toString(RotationPolicy.DEFAULT.familyMaxLifespanSeconds()))
            .add()
            .build();

    @Override
    public ClientPolicyExecutorProvider<RefreshRotationExecutor.Configuration> create(KeycloakSession session) {
        return new RefreshRotationExecutor(session);
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Refresh-token rotation with reuse detection, a grace window for the previous token and family "
                + "revocation (Keycloak Tenancy). Applies on token refresh.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }
}
