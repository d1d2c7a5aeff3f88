package dev.tenancy.mapper.membership;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Writes that do not pass through {@link MemberOrganizationProvider} (a user or realm removed, a group changed,
 * Keycloak's own organization events) drop what the session's provider read, as Keycloak's provider invalidates its
 * caches on the same events. Registered by {@link MemberOrganizationProviderFactory#postInit}.
 */
final class MembershipMemoInvalidation implements ProviderEventListener {

    @Override
    public void onEvent(ProviderEvent event) {
        KeycloakSession eventSession = MembershipWriteEvents.sessionOf(event);
        if (eventSession != null
                && eventSession.getAttribute(MemberOrganizationProvider.SESSION_ATTRIBUTE)
                        instanceof MemberOrganizationProvider provider) {
            provider.forget();
        }
    }
}
