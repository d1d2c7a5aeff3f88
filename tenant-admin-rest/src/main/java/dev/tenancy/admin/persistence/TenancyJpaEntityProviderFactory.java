package dev.tenancy.admin.persistence;

import com.google.auto.service.AutoService;
import dev.tenancy.admin.audit.TenantEventEntity;
import dev.tenancy.admin.invitation.InvitationEntity;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Adds our tables to Keycloak's database (entities + Liquibase changelog, migrated at server start): the invitations
 * ({@code TENANCY_INVITATION}) and the tenant index of user events ({@code TENANCY_EVENT_TENANT}). Their rows go with
 * their tenant or realm ({@link TenancyDataRemoval}).
 */
@AutoService(JpaEntityProviderFactory.class)
public class TenancyJpaEntityProviderFactory implements JpaEntityProviderFactory {

    public static final String PROVIDER_ID = "tenancy-admin";

    private static final JpaEntityProvider PROVIDER = new JpaEntityProvider() {
        @Override
        public List<Class<?>> getEntities() {
            return List.of(InvitationEntity.class, TenantEventEntity.class);
        }

        @Override
        public String getChangelogLocation() {
            return "META-INF/tenancy-admin-changelog.xml";
        }

        @Override
        public String getFactoryId() {
            return PROVIDER_ID;
        }

        @Override
        public void close() {}
    };

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return PROVIDER;
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(TenancyDataRemoval::onEvent);
    }

    @Override
    public void close() {}

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
