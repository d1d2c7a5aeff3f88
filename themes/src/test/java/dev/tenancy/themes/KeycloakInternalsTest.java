package dev.tenancy.themes;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.forms.login.freemarker.FreeMarkerLoginFormsProvider;
import org.keycloak.forms.login.freemarker.FreeMarkerLoginFormsProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.theme.Theme;

/**
 * The internal {@code login} SPI as {@link TenancyLoginFormsProvider} extends it (docs/ARCHITECTURE.md, "Internal
 * Keycloak SPIs we use"): the constructor, the two overridden methods and the protected fields it reads. An upgrade
 * that changes one fails here by name; one that orders Keycloak's factory above ours would silently drop branding.
 */
class KeycloakInternalsTest {

    @Test
    void theFreeMarkerProviderAsOursExtendsIt() throws Exception {
        Class<?> parent = FreeMarkerLoginFormsProvider.class;
        parent.getConstructor(KeycloakSession.class);
        Method process = parent.getDeclaredMethod("processTemplate", Theme.class, String.class, Locale.class);
        assertThat(Modifier.isProtected(process.getModifiers())).isTrue();
        assertThat(process.getReturnType()).isEqualTo(Response.class);
        assertThat(parent.getMethod("createRegistration").getReturnType()).isEqualTo(Response.class);
        assertProtectedField(parent, "formData", MultivaluedMap.class);
        assertProtectedField(parent, "attributes", Map.class);
        assertProtectedField(parent, "user", UserModel.class);
        assertProtectedField(parent, "authenticationSession", AuthenticationSessionModel.class);
        assertProtectedField(parent, "session", KeycloakSession.class);
    }

    @Test
    void oursIsOrderedAboveKeycloaksFactory() {
        assertThat(new TenancyLoginFormsProviderFactory().order())
                .isGreaterThan(new FreeMarkerLoginFormsProviderFactory().order());
    }

    private static void assertProtectedField(Class<?> owner, String name, Class<?> type) throws NoSuchFieldException {
        Field field = owner.getDeclaredField(name);
        assertThat(Modifier.isProtected(field.getModifiers())).as(name).isTrue();
        assertThat(field.getType()).as(name).isEqualTo(type);
    }
}
