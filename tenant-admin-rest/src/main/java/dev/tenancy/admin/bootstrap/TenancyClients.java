package dev.tenancy.admin.bootstrap;

import dev.tenancy.admin.invitation.InvitationUrls;
import dev.tenancy.admin.portal.PortalClient;
import dev.tenancy.context.TenancyConventions;
import dev.tenancy.context.TenantPermission;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * The three clients and the client scope this module keeps in every realm, created idempotently:
 * <ul>
 *   <li>{@value TenancyConventions#PERMISSIONS_CLIENT_ID}: no flows at all; its client roles are the tenant permissions
 *       ({@link TenantPermission}), {@code tenant-admin} a composite of all others. Tenant admins get them only
 *       through organization groups, so they count inside one tenant.</li>
 *   <li>{@value #INVITATIONS_CLIENT_ID}: a public client with the standard flow only, PKCE S256 required, whose one
 *       exact redirect URI is the invitation page's callback; the invitation link signs the invitee in (or registers
 *       them) through it ({@link #invitationsClient}).</li>
 *   <li>{@value dev.tenancy.admin.portal.PortalClientSettings#CLIENT_ID}: the tenant admin portal's public client
 *       (cookie mode, PKCE S256, the portal page as its one redirect URI; {@link PortalClient}).</li>
 *   <li>the client scope {@value TenancyConventions#TENANT_API_SCOPE}: a token must carry it to call the tenant API.
 *       Not a realm default: a client adds it (default or optional) to be allowed to. It has no role scope mapping
 *       on purpose: Keycloak applies a client scope with role mappings only to users holding one of those roles, and
 *       this one must reach every user (a plain member's {@code /me}, a realm admin). Which permissions a token may
 *       use is the client's role scope, as for any role.</li>
 * </ul>
 *
 * <p>When: for new realms on {@code RealmPostCreateEvent} (same transaction as the realm), for existing realms once
 * per node start ({@link #ensureInAllRealms}), each realm in its own transaction. Two nodes starting together may
 * both try to create a client: the loser's transaction fails on the unique (realm, clientId) constraint and is
 * ignored, because the winner created the same thing. Missing roles of an existing client are added (a later pack
 * version may add a permission); the invitations client is brought to its required settings (an older version
 * of the pack created it with a wildcard redirect URI and PKCE off).</p>
 */
public final class TenancyClients {

    public static final String INVITATIONS_CLIENT_ID = "tenancy-invitations";

    private static final Logger LOG = Logger.getLogger(TenancyClients.class);

    private TenancyClients() {}

    public static void ensureInAllRealms(KeycloakSessionFactory factory) {
        List<String> realmIds = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> session.realms()
                .getRealmsStream()
                .map(RealmModel::getId)
                .toList());
        for (String realmId : realmIds) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    RealmModel realm = session.realms().getRealm(realmId);
                    if (realm != null) {
                        ensure(session, realm);
                    }
                });
            } catch (RuntimeException e) {
                // another node created them concurrently (unique constraint), or the realm went away meanwhile
                LOG.debugf(e, "Tenancy clients of realm %s not created by this node", realmId);
            }
        }
    }

    /** Creates what is missing of both clients in {@code realm}; does nothing when all is there. */
    public static void ensure(KeycloakSession session, RealmModel realm) {
        ensurePermissionsClient(realm);
        ensureInvitationsClient(realm);
        ensureTenantApiScope(realm);
        PortalClient.ensure(realm);
    }

    static void ensureTenantApiScope(RealmModel realm) {
        ClientScopeModel scope = realm.getClientScopesStream()
                .filter(candidate -> TenancyConventions.TENANT_API_SCOPE.equals(candidate.getName()))
                .findFirst()
                .orElse(null);
        if (scope == null) {
            scope = realm.addClientScope(TenancyConventions.TENANT_API_SCOPE);
            scope.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
            scope.setDescription("Allows the token to call the tenant API (/realms/" + realm.getName()
                    + "/tenants) with the tenant permissions of its user");
            scope.setDisplayOnConsentScreen(true);
            scope.setConsentScreenText("Manage your tenants");
            scope.setIncludeInTokenScope(true);
            scope.setAttribute(TenancyConventions.ATTRIBUTE_PREFIX + "managed", "true");
        }
    }

    static void ensurePermissionsClient(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(TenancyConventions.PERMISSIONS_CLIENT_ID);
        if (client == null) {
            client = realm.addClient(TenancyConventions.PERMISSIONS_CLIENT_ID);
            client.setName("Tenancy permissions");
            client.setDescription("Tenant permissions (client roles), granted through organization groups only");
            client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
            client.setEnabled(true);
            client.setPublicClient(false);
            client.setBearerOnly(false);
            client.setStandardFlowEnabled(false);
            client.setImplicitFlowEnabled(false);
            client.setDirectAccessGrantsEnabled(false);
            client.setServiceAccountsEnabled(false);
            client.setFullScopeAllowed(false);
            client.setAttribute(TenancyConventions.ATTRIBUTE_PREFIX + "managed", "true");
        }
        RoleModel admin = role(client, TenantPermission.TENANT_ADMIN);
        for (TenantPermission permission : TenantPermission.values()) {
            if (permission != TenantPermission.TENANT_ADMIN) {
                RoleModel role = role(client, permission);
                if (!admin.hasRole(role)) {
                    admin.addCompositeRole(role);
                }
            }
        }
    }

    private static RoleModel role(ClientModel client, TenantPermission permission) {
        RoleModel role = client.getRole(permission.roleName());
        if (role == null) {
            role = client.addRole(permission.roleName());
            role.setDescription(permission.description());
        }
        return role;
    }

    /**
     * Creates the invitations client, or brings an existing one to the required settings: one created by an older
     * version of the pack (redirect URI {@code .../accept*}, PKCE off) or loosened by hand. Writes only what differs
     * ({@link PublicClientSettings#drift}), so calling it on every start and before every sign-in of the
     * invitation page is cheap, and two nodes doing it at once write the same values.
     */
    public static void ensureInvitationsClient(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(INVITATIONS_CLIENT_ID);
        if (client == null) {
            client = realm.addClient(INVITATIONS_CLIENT_ID);
            client.setName("Tenancy invitations");
            client.setDescription("Signs in or registers the invitee of a tenant invitation link");
            client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
            client.setEnabled(true);
            client.setAttribute(TenancyConventions.ATTRIBUTE_PREFIX + "managed", "true");
        }
        PublicClientSettings required = invitationsClient(realm.getName());
        List<String> drift = required.drift(PublicClientSettings.of(client));
        if (drift.isEmpty()) {
            return;
        }
        LOG.infof(
                "Realm %s: setting %s of client %s to the required values",
                realm.getName(), drift, INVITATIONS_CLIENT_ID);
        required.applyTo(client);
    }

    /**
     * The required settings of {@value #INVITATIONS_CLIENT_ID}: exactly one redirect URI, the callback of the
     * invitation page, and no web origins (the page never calls Keycloak from JavaScript).
     */
    static PublicClientSettings invitationsClient(String realmName) {
        return PublicClientSettings.required(Set.of(InvitationUrls.callbackPath(realmName)), Set.of());
    }
}
