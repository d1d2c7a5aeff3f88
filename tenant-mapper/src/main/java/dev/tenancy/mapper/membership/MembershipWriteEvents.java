package dev.tenancy.mapper.membership;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Keycloak's model events after which what a request read of a user's memberships may be stale: a group changed, a
 * user or realm removed, an organization membership changed or an organization removed. Both per-request memos of
 * this module (the organization provider's and the datastore's) drop what they read on them.
 */
public final class MembershipWriteEvents {

    private MembershipWriteEvents() {}

    /** The session {@code event} happened in, when it is such an event; else null. */
    public static KeycloakSession sessionOf(ProviderEvent event) {
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
}
