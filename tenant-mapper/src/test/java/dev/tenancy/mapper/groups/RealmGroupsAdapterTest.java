package dev.tenancy.mapper.groups;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.storage.datastore.DefaultDatastoreProvider;
import org.keycloak.storage.datastore.DefaultDatastoreProviderFactory;

/**
 * Fails loudly when a Keycloak upgrade changes what the datastore adapter relies on: a method of
 * {@code session.users()}'s interfaces it does not pass on (a default method not declared would run the interface's
 * code instead of Keycloak's cache), a {@link UserModel} method it answers that was renamed, or Keycloak's datastore
 * class it extends.
 */
class RealmGroupsAdapterTest {

    @Test
    void theUserProviderDeclaresEveryMethodOfTheInterfacesItPassesOn() {
        for (Class<?> keycloakInterface : RealmGroupsUserProvider.PASSED_ON) {
            assertThat(undeclared(keycloakInterface, RealmGroupsUserProvider.class))
                    .as(keycloakInterface.getName())
                    .isEmpty();
        }
        assertThat(Set.of(RealmGroupsUserProvider.class.getInterfaces()))
                .containsExactlyInAnyOrderElementsOf(RealmGroupsUserProvider.PASSED_ON);
    }

    @Test
    void everyUserMethodTheProxyAnswersIsStillKeycloaks() {
        Set<String> userModel = Arrays.stream(UserModel.class.getMethods())
                .map(RealmGroupsUser::signature)
                .collect(Collectors.toSet());
        // invalidate() is Keycloak's CachedUserModel's, which the registry does not publish at 26.7.3
        assertThat(RealmGroupsUser.HANDLED.stream().filter(s -> !s.equals("invalidate()")))
                .allMatch(userModel::contains);
    }

    @Test
    void theDatastoreChangesOnlyTheUsersOfKeycloaks() throws NoSuchMethodException {
        DefaultDatastoreProvider.class.getConstructor(DefaultDatastoreProviderFactory.class, KeycloakSession.class);
        assertThat(DefaultDatastoreProvider.class.getMethod("users").getReturnType())
                .isEqualTo(UserProvider.class);
        assertThat(Arrays.stream(RealmGroupsDatastoreProvider.class.getDeclaredMethods())
                        .filter(m -> !m.isSynthetic())
                        .map(Method::getName))
                .containsExactly("users");
    }

    private static List<String> undeclared(Class<?> keycloakInterface, Class<?> decorator) {
        return Arrays.stream(keycloakInterface.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !declares(decorator, m))
                .map(Method::toGenericString)
                .toList();
    }

    private static boolean declares(Class<?> type, Method method) {
        try {
            type.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
