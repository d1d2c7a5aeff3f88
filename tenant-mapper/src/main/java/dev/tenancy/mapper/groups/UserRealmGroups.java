package dev.tenancy.mapper.groups;

import dev.tenancy.mapper.membership.OrganizationMemberQueries;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.light.LightweightUserAdapter;
import org.keycloak.storage.StorageId;

/**
 * The realm groups of the users one request looked up, read once per request: the per-request memo behind
 * {@link RealmGroupsUser}. Lives as long as one {@link KeycloakSession}; nothing is shared across requests or nodes.
 * Dropped on every group-membership write through the users it handed out or through {@code session.users()}, and on
 * Keycloak's model events (the factory).
 */
final class UserRealmGroups {

    private final KeycloakSession session;
    /** Per request: user id -> the user's realm groups, ordered by name as Keycloak's cache orders them. */
    private final Map<String, List<GroupModel>> groupsByUser = new HashMap<>();
    /** Per request: Keycloak's user model -> ours, so that one user looked up twice is one object, as in Keycloak. */
    private final Map<UserModel, UserModel> wrapped = new IdentityHashMap<>();

    UserRealmGroups(KeycloakSession session) {
        this.session = session;
    }

    /**
     * Ours for a local user whose groups are all in Keycloak's database; any other user (another storage, a
     * federation link whose mappers may add groups, a lightweight user) is Keycloak's, unchanged.
     */
    UserModel wrap(RealmModel realm, UserModel user) {
        if (user == null
                || realm == null
                || Proxy.isProxyClass(user.getClass())
                || user instanceof LightweightUserAdapter
                || !StorageId.isLocalStorage(user.getId())
                || user.getFederationLink() != null) {
            return user;
        }
        return wrapped.computeIfAbsent(user, keycloaks -> RealmGroupsUser.proxy(keycloaks, realm, this));
    }

    /** The user's realm groups, read once per request (until a write). */
    List<GroupModel> realmGroups(RealmModel realm, UserModel keycloaks) {
        List<GroupModel> groups = groupsByUser.get(keycloaks.getId());
        if (groups == null) {
            groups = load(realm, keycloaks);
            groupsByUser.put(keycloaks.getId(), groups);
        }
        return groups;
    }

    /**
     * The realm groups of the user's memberships, by ONE query for their ids (organization groups never leave the
     * database), each resolved through Keycloak's realm cache. A group that no longer resolves (removed meanwhile)
     * leaves the answer to Keycloak's model, as its cache does.
     */
    private List<GroupModel> load(RealmModel realm, UserModel keycloaks) {
        Set<String> ids =
                new LinkedHashSet<>(new OrganizationMemberQueries(session).realmGroupIdsOf(keycloaks.getId()));
        List<GroupModel> groups = new ArrayList<>(ids.size());
        for (String id : ids) {
            GroupModel group = session.groups().getGroupById(realm, id);
            if (group == null || group.getType() != GroupModel.Type.REALM) {
                return List.copyOf(keycloaks.getGroupsStream().toList());
            }
            groups.add(group);
        }
        groups.sort(Comparator.comparing(GroupModel::getName));
        return List.copyOf(groups);
    }

    /** Drops what this request read; called on every membership write and on Keycloak's model events. */
    void forget() {
        groupsByUser.clear();
    }
}
