package dev.tenancy.mapper.groups;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RoleUtils;

/**
 * Keycloak's user model with the user's realm groups read once per request ({@link UserRealmGroups}), where Keycloak's
 * cached user resolves EVERY group of the user, organization groups included, on each {@code getGroupsStream()}: once
 * for the roles and once per user-attribute mapper of the {@code profile} scope.
 *
 * <p>A dynamic proxy, not a class, because Keycloak's user cache tells its own models by their interfaces
 * ({@code CachedUserModel}: {@code evict}, {@code invalidate}), and those live in a jar that is not published: the proxy
 * has every interface of Keycloak's model and passes every call on, except these, which answer from the memo as
 * Keycloak's cached model answers from its own:
 * <ul>
 *   <li>{@code getGroupsStream()}: the realm groups, ordered by name;</li>
 *   <li>{@code hasRole(role)}: a role of the user or of one of its realm groups (or their parents), composites
 *       expanded, as {@code UserModel.hasRole} is defined;</li>
 *   <li>{@code isMemberOf(group)} of a realm group: the group or one of its sub-groups is among the realm groups.
 *       Organization groups are Keycloak's question;</li>
 *   <li>{@code joinGroup}, {@code leaveGroup}, {@code invalidate}: Keycloak's, and the memo is dropped.</li>
 * </ul>
 */
final class RealmGroupsUser implements InvocationHandler {

    /** Methods of {@link UserModel} (and Keycloak's {@code CachedUserModel}) this proxy answers itself or follows. */
    static final Set<String> HANDLED = Set.of(
            "getGroupsStream()",
            "hasRole(RoleModel)",
            "isMemberOf(GroupModel)",
            "joinGroup(GroupModel)",
            "joinGroup(GroupModel,MembershipMetadata)",
            "leaveGroup(GroupModel)",
            "invalidate()");

    private final UserModel keycloaks;
    private final RealmModel realm;
    private final UserRealmGroups memo;

    private RealmGroupsUser(UserModel keycloaks, RealmModel realm, UserRealmGroups memo) {
        this.keycloaks = keycloaks;
        this.realm = realm;
        this.memo = memo;
    }

    static UserModel proxy(UserModel keycloaks, RealmModel realm, UserRealmGroups memo) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> type = keycloaks.getClass(); type != null; type = type.getSuperclass()) {
            interfaces.addAll(List.of(type.getInterfaces()));
        }
        return (UserModel) Proxy.newProxyInstance(
                keycloaks.getClass().getClassLoader(),
                interfaces.toArray(Class<?>[]::new),
                new RealmGroupsUser(keycloaks, realm, memo));
    }

    /** Keycloak's model behind ours, or the user itself. */
    static UserModel unwrap(UserModel user) {
        return user != null
                        && Proxy.isProxyClass(user.getClass())
                        && Proxy.getInvocationHandler(user) instanceof RealmGroupsUser handler
                ? handler.keycloaks
                : user;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (signature(method)) {
            case "getGroupsStream()":
                return realmGroups().stream();
            case "hasRole(RoleModel)":
                RoleModel role = (RoleModel) args[0];
                return RoleUtils.hasRole(keycloaks.getRoleMappingsStream(), role)
                        || RoleUtils.hasRoleFromGroup(realmGroups().stream(), role, true);
            case "isMemberOf(GroupModel)":
                GroupModel group = (GroupModel) args[0];
                if (group != null && group.getType() == GroupModel.Type.REALM) {
                    return RoleUtils.isMember(realmGroups().stream(), group);
                }
                return call(method, args);
            case "joinGroup(GroupModel)",
                    "joinGroup(GroupModel,MembershipMetadata)",
                    "leaveGroup(GroupModel)",
                    "invalidate()":
                memo.forget();
                try {
                    return call(method, args);
                } finally {
                    memo.forget();
                }
            case "equals(Object)":
                return keycloaks.equals(args[0] instanceof UserModel user ? unwrap(user) : args[0]);
            default:
                return call(method, args);
        }
    }

    private List<GroupModel> realmGroups() {
        return memo.realmGroups(realm, keycloaks);
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(keycloaks, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static String signature(Method method) {
        StringBuilder signature = new StringBuilder(method.getName()).append('(');
        Class<?>[] parameters = method.getParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            signature.append(i == 0 ? "" : ",").append(parameters[i].getSimpleName());
        }
        return signature.append(')').toString();
    }
}
