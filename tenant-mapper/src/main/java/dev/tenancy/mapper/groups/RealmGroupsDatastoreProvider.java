package dev.tenancy.mapper.groups;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserProvider;
import org.keycloak.storage.datastore.DefaultDatastoreProvider;
import org.keycloak.storage.datastore.DefaultDatastoreProviderFactory;

/**
 * The tenant-mapper module's ONE adapter to Keycloak's internal {@code datastore} SPI: Keycloak's own datastore
 * ({@code legacy}) with one change, {@link #users()}, so that a user's realm groups are read once per request instead
 * of once per {@code getGroupsStream()} (see {@link RealmGroupsUser}, and docs/ARCHITECTURE.md, "A user in many
 * tenants").
 *
 * <p>It extends Keycloak's class rather than decorating the interface because Keycloak casts the session's datastore to
 * {@code DefaultDatastoreProvider} ({@code UserStoragePrivateUtil}) and to {@code StoreManagers}; every other method is
 * Keycloak's. {@code session.getProvider(UserCache.class)} stays Keycloak's user cache (its organization provider casts
 * it to its own class).
 *
 * <p>State: the memo ({@link UserRealmGroups}) lives as long as this provider, one {@link KeycloakSession}.
 */
public class RealmGroupsDatastoreProvider extends DefaultDatastoreProvider {

    /** The session attribute under which the model events find a session's memo. */
    static final String SESSION_ATTRIBUTE = UserRealmGroups.class.getName();

    private final UserRealmGroups memo;
    private final RealmGroupsDatastoreProviderFactory factory;
    private UserProvider users;

    RealmGroupsDatastoreProvider(
            DefaultDatastoreProviderFactory keycloaks,
            KeycloakSession session,
            RealmGroupsDatastoreProviderFactory factory) {
        super(keycloaks, session);
        this.memo = new UserRealmGroups(session);
        this.factory = factory;
        session.setAttribute(SESSION_ATTRIBUTE, memo);
    }

    /** Keycloak's user cache, its local users answering their realm groups from the request's memo. */
    @Override
    public UserProvider users() {
        if (users == null) {
            UserProvider keycloaks = super.users();
            users = factory.passesOn(keycloaks) ? new RealmGroupsUserProvider(keycloaks, memo) : keycloaks;
        }
        return users;
    }
}
