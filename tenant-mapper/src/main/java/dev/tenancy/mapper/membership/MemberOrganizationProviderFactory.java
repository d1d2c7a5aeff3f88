package dev.tenancy.mapper.membership;

import com.google.auto.service.AutoService;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ModelException;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.OrganizationProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Registers {@link MemberOrganizationProvider} as the organization provider {@code tenancy}, the default, decorating
 * Keycloak's provider named by the option {@code delegate}; and registers {@link MembershipMemoInvalidation}.
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

    /** Drops what a session's provider read on the model events that bypass it ({@link MembershipMemoInvalidation}). */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(new MembershipMemoInvalidation());
    }

    @Override
    public void close() {}

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
                .property()
                .name("delegate")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Id of the organization provider this one decorates.")
                .defaultValue(DEFAULT_DELEGATE)
                .add()
                .build();
    }
}
