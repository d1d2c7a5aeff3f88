package dev.tenancy.admin.persistence;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Deletes our rows of a tenant or realm in the transaction that deletes it (Keycloak publishes the removal events
 * inside it): a tenant's invitations and its index of user events. Otherwise they would outlive it, unreachable.
 */
final class TenancyDataRemoval {

    private TenancyDataRemoval() {}

    static void onEvent(ProviderEvent event) {
        if (event instanceof OrganizationModel.OrganizationRemovedEvent removed) {
            delete(
                    removed.getKeycloakSession(),
                    "organizationId",
                    removed.getOrganization().getId());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            delete(removed.getKeycloakSession(), "realmId", removed.getRealm().getId());
        }
    }

    private static void delete(KeycloakSession session, String field, String id) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        for (String entity : new String[] {"InvitationEntity", "TenantEventEntity"}) {
            em.createQuery("delete from " + entity + " e where e." + field + " = :id")
                    .setParameter("id", id)
                    .executeUpdate();
        }
    }
}
