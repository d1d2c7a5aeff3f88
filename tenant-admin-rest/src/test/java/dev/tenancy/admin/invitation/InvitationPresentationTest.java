package dev.tenancy.admin.invitation;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.UserModel;

class InvitationPresentationTest {

    @Test
    void theExpiryIsWrittenInTheReadersLanguageInUtc() {
        long epoch = 1_898_416_800L; // 2030-02-27T10:00:00Z
        assertThat(InvitationDetails.formatExpiry(epoch, Locale.ENGLISH))
                .startsWith("February 27, 2030")
                .endsWith("UTC");
        assertThat(InvitationDetails.formatExpiry(epoch, Locale.GERMAN))
                .startsWith("27. Februar 2030")
                .contains("10:00")
                .endsWith("UTC");
        assertThat(InvitationDetails.formatExpiry(epoch, null)).contains("2030");
    }

    @Test
    void theInviterIsNamedByFirstAndLastNameElseByUsername() {
        assertThat(InvitationDetails.nameOf(
                        user(Map.of("getFirstName", "Ann", "getLastName", "Admin", "getUsername", "ann"))))
                .isEqualTo("Ann Admin");
        assertThat(InvitationDetails.nameOf(user(Map.of("getFirstName", "Ann", "getUsername", "ann"))))
                .isEqualTo("Ann");
        assertThat(InvitationDetails.nameOf(user(Map.of("getUsername", "ann")))).isEqualTo("ann");
    }

    private static UserModel user(Map<String, String> getters) {
        return (UserModel) Proxy.newProxyInstance(
                UserModel.class.getClassLoader(),
                new Class<?>[] {UserModel.class},
                (proxy, method, args) -> getters.get(method.getName()));
    }
}
