package dev.tenancy.mapper.membership;

import java.util.List;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ModelException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.OrganizationProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderEvent;

/**
 * Registers {@link MemberOrganizationProvider} as the organization provider {@code tenancy}, the default, decorating
 * Keycloak's provider named by the option {@code delegate}; and drops what a session's provider read on the model
 * events that bypass it.
 */
@AutoService(OrganizationProviderFactory.class)
public class MemberOrganizationProviderFactory implements OrganizationProviderFactory {

    public static final String PROVIDER_ID = "tenancy";
    /** Keycloak's caching organization provider, which this one decorates by default. */
    static final String DEFAULT_DELEGATE = "infinispan";

    private String delegateId = DEFAULT_DELEGATE;

    @Override
    public OrganizationProvider create(KeycloakSession session) {
        OrganizationProvider delegate = session.getProvider(OrganizationProvider.class, delegateId);
        if (delegate == null) {
            throw new ModelException("organization provider '" + delegateId + "' to decorate is not available");
        }
        return new MemberOrganizationProvider(session, delegate);
    }

    @Override
    public void init(Config.Scope config) {
        delegateId = config.get("delegate", DEFAULT_DELEGATE);
        if (PROVIDER_ID.equals(delegateId)) {
            throw new IllegalArgumentException("spi-organization--tenancy--delegate cannot name itself");
        }
    }

    /**
     * Writes that do not pass through the provider (a user or realm removed, a group changed, Keycloak's own
     * organization events) drop what the session's provider read, as Keycloak's provider invalidates its caches
     * on the same events.
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            KeycloakSession eventSession = sessionOf(event);
            if (eventSession != null && eventSession.getAttribute(MemberOrganizationProvider.SESSION_ATTRIBUTE)
                    instanceof MemberOrganizationProvider provider) {
                provider.forget();
            }
        });
    }

    private static KeycloakSession sessionOf(ProviderEvent event) {
        if (event instanceof UserModel.UserPreRemovedEvent removed) {
            return removed.getKeycloakSession();
        }
        if (event instanceof GroupModel.GroupEvent group) {
            return group.getKeycloakSession();
        }
        if (event instanceof RealmModel.RealmRemovedEvent removed) {
            return removed.getKeycloakSession();
        }
        if (event instanceof OrganizationModel.OrganizationMembershipEvent membership) {
            return membership.getSession();
        }
        if (event instanceof OrganizationModel.OrganizationRemovedEvent removed) {
            return removed.getKeycloakSession();
        }
        return null;
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /** Above Keycloak's {@code infinispan} provider (10), so that this one is the default. */
    @Override
    public int order() {
        return 20;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("delegate").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Id of the organization provider this one decorates.")
                .defaultValue(DEFAULT_DELEGATE).add()
                .build();
    }
}
