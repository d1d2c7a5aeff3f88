package dev.tenancy.admin.setup;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Hands Keycloak's admin request (authenticated admin, its permissions, the admin-event builder) to the resource. */
public class RealmSetupResourceProvider implements AdminRealmResourceProvider {

    @Override
    public Object getResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        return new RealmSetupResource(session, realm, auth, adminEvent);
    }

    @Override
    public void close() {}
}
