package dev.tenancy.mapper.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * The decorator must pass EVERY method of Keycloak's interfaces on, default methods included: a default method it
 * does not declare would run the interface's code instead of Keycloak's provider's override, silently. A Keycloak
 * upgrade that adds a method fails here (an abstract one already fails the compilation).
 */
class MemberOrganizationProviderTest {

    @Test
    void theProviderDeclaresEveryMethodOfKeycloaksOrganizationProvider() {
        assertThat(undeclared(OrganizationProvider.class, MemberOrganizationProvider.class))
                .isEmpty();
    }

    @Test
    void itsOrganizationsDeclareEveryMethodOfKeycloaksOrganizationModel() {
        assertThat(undeclared(OrganizationModel.class, MemberOrganization.class))
                .isEmpty();
        assertThat(undeclared(OrganizationModel.class, OrganizationPlaceholder.class))
                .isEmpty();
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
