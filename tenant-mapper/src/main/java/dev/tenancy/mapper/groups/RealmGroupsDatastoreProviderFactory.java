package dev.tenancy.mapper.groups;

import com.google.auto.service.AutoService;
import dev.tenancy.mapper.membership.MembershipWriteEvents;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ModelException;
import org.keycloak.models.UserProvider;
import org.keycloak.models.cache.UserCache;
import org.keycloak.storage.DatastoreProvider;
import org.keycloak.storage.DatastoreProviderFactory;
import org.keycloak.storage.datastore.DefaultDatastoreProviderFactory;

/**
 * Registers {@link RealmGroupsDatastoreProvider} as the datastore {@code tenancy}, the default (order above Keycloak's
 * {@code legacy}, 0), built on Keycloak's {@code legacy} factory, which keeps its own duties (migration, scheduled
 * tasks). {@code --spi-datastore--provider=legacy} turns it off. Drops a session's memo on the model events that
 * change group memberships without passing through it.
 */
@AutoService(DatastoreProviderFactory.class)
public class RealmGroupsDatastoreProviderFactory implements DatastoreProviderFactory {

    public static final String PROVIDER_ID = "tenancy";
    private static final String KEYCLOAKS = "legacy";
    private static final Logger LOG = Logger.getLogger(RealmGroupsDatastoreProviderFactory.class);

    private DefaultDatastoreProviderFactory keycloaks;
    /** Null until a session showed whether Keycloak's user cache has only interfaces this adapter passes on. */
    private volatile Boolean compatible;

    @Override
    public DatastoreProvider create(KeycloakSession session) {
        if (keycloaks == null) {
            if (!(session.getKeycloakSessionFactory().getProviderFactory(DatastoreProvider.class, KEYCLOAKS)
                    instanceof DefaultDatastoreProviderFactory factory)) {
                throw new ModelException("Keycloak's datastore '" + KEYCLOAKS + "' to extend is not available");
            }
            keycloaks = factory;
        }
        return new RealmGroupsDatastoreProvider(keycloaks, session, this);
    }

    /**
     * Keycloak tells {@code session.users()} by its interfaces ({@code instanceof UserProfileDecorator}, ...). If an
     * upgrade gives its user cache one this adapter does not pass on, the adapter turns itself off, loudly, rather than
     * hide it. {@link UserCache} is not passed on: Keycloak reaches its user cache through
     * {@code session.getProvider(UserCache.class)}, never through {@code session.users()}. Checked on the first use (Keycloak's user cache is created after the datastore, from it).
     */
    boolean passesOn(UserProvider keycloaksUsers) {
        Boolean known = compatible;
        if (known == null) {
            List<Class<?>> missing = Arrays.stream(keycloaksUsers.getClass().getInterfaces())
                    .filter(type -> !RealmGroupsUserProvider.PASSED_ON.contains(type) && type != UserCache.class)
                    .toList();
            if (!missing.isEmpty()) {
                LOG.errorf(
                        "Datastore '%s' is OFF: Keycloak's user provider %s has interfaces it does not pass on:"
                                + " %s. Update dev.tenancy.mapper.groups for this Keycloak version.",
                        PROVIDER_ID, keycloaksUsers.getClass().getName(), missing);
            } else {
                LOG.infof("Datastore '%s' is on: a local user's realm groups are read once per request", PROVIDER_ID);
            }
            known = missing.isEmpty();
            compatible = known;
        }
        return known;
    }

    @Override
    public void init(Config.Scope config) {}

    /**
     * Writes that do not pass through the session's user provider (a membership written through another model of the
     * user, an organization membership, a group, user or realm removed) drop the session's memo.
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            KeycloakSession eventSession = MembershipWriteEvents.sessionOf(event);
            if (eventSession != null
                    && eventSession.getAttribute(RealmGroupsDatastoreProvider.SESSION_ATTRIBUTE)
                            instanceof UserRealmGroups memo) {
                memo.forget();
            }
        });
    }

    @Override
    public void close() {}

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public int order() {
        return 10;
    }
}
