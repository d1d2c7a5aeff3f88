package dev.tenancy.admin.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.context.policy.RealmBaseline;
import dev.tenancy.context.policy.TenantPolicyValidator;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.OrganizationModel;

/** PUT of a tenant policy: nothing is stored unless the whole policy is valid. */
class TenantPolicyResourceTest {

    /** An organization that only keeps attributes. */
    static OrganizationModel organization(Map<String, List<String>> attributes) {
        return (OrganizationModel) Proxy.newProxyInstance(
                OrganizationModel.class.getClassLoader(),
                new Class<?>[] {OrganizationModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAttributes" -> new HashMap<>(attributes);
                    case "setAttributes" -> {
                        attributes.clear();
                        @SuppressWarnings("unchecked")
                        Map<String, List<String>> updated = (Map<String, List<String>>) args[0];
                        attributes.putAll(updated);
                        yield null;
                    }
                    case "getAlias" -> "acme";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A realm without a password policy and with SSO timeouts of 1800 s idle and 36000 s max. */
    static RealmBaseline realm() {
        return new RealmBaseline(0, 0, 0, 0, 0, false, false, 0, 0, 1_800, 36_000);
    }

    @Test
    void anInvalidPolicyIsRefusedAndNothingIsStored() {
        Map<String, List<String>> attributes = new LinkedHashMap<>(
                Map.of("tenancy.policy.mfa", List.of("admins"), "tenancy.branding.color", List.of("red")));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("mfa", "all");
        input.put("session.idle-seconds", 7_200);
        input.put("colour", "blue");

        TenantPolicyValidator.Result result = TenantPolicyResource.update(organization(attributes), realm(), input);

        assertThat(result.ok()).isFalse();
        assertThat(result.errorsByField()).containsOnlyKeys("session.idle-seconds", "colour");
        assertThat(attributes)
                .containsOnly(
                        Map.entry("tenancy.policy.mfa", List.of("admins")),
                        Map.entry("tenancy.branding.color", List.of("red")));
    }

    @Test
    void aValidPolicyReplacesThePolicyAttributesOnly() {
        Map<String, List<String>> attributes = new LinkedHashMap<>(Map.of(
                "tenancy.policy.mfa",
                List.of("admins"),
                "tenancy.policy.session.idle-seconds",
                List.of("600"),
                "tenancy.branding.color",
                List.of("red")));

        TenantPolicyValidator.Result result = TenantPolicyResource.update(
                organization(attributes), realm(), Map.of("mfa", "all", "password.min-length", 12));

        assertThat(result.ok()).isTrue();
        assertThat(attributes)
                .containsOnly(
                        Map.entry("tenancy.policy.mfa", List.of("all")),
                        Map.entry("tenancy.policy.password.min-length", List.of("12")),
                        Map.entry("tenancy.branding.color", List.of("red")));
    }
}
