package dev.tenancy.admin.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.context.policy.RealmBaseline;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredAttributeCheckTest {

    @Test
    void validValuesAndOtherAttributesAreNotReported() {
        assertThat(StoredAttributeCheck.check(
                        "acme",
                        Map.of(
                                "tenancy.branding.primary-color",
                                List.of("#112233"),
                                "tenancy.policy.password.min-length",
                                List.of("12"),
                                "crm-id",
                                List.of("x")),
                        RealmBaseline.NONE))
                .isEmpty();
    }

    @Test
    void anInvalidColourAndAMistypedPolicyKeyAreReportedByAttribute() {
        List<StoredAttributeCheck.Finding> findings = StoredAttributeCheck.check(
                "acme",
                Map.of(
                        "tenancy.branding.primary-color", List.of("red"),
                        "tenancy.policy.pasword.min-length", List.of("40")),
                RealmBaseline.NONE);
        assertThat(findings)
                .extracting(StoredAttributeCheck.Finding::attribute)
                .containsExactlyInAnyOrder("tenancy.branding.primary-color", "tenancy.policy.pasword.min-length");
        assertThat(findings).allSatisfy(f -> assertThat(f.tenant()).isEqualTo("acme"));
        assertThat(findings)
                .filteredOn(f -> f.attribute().contains("color"))
                .first()
                .extracting(StoredAttributeCheck.Finding::problem)
                .asString()
                .contains("#rrggbb");
    }

    @Test
    void anUnknownKeyUnderOurPrefixIsReported() {
        assertThat(StoredAttributeCheck.check(
                        "acme", Map.of("tenancy.brandng.logo-url", List.of("https://x")), RealmBaseline.NONE))
                .singleElement()
                .extracting(StoredAttributeCheck.Finding::attribute)
                .isEqualTo("tenancy.brandng.logo-url");
    }

    @Test
    void aPolicyWeakerThanTheRealmIsReported() {
        RealmBaseline realm = new RealmBaseline(10, 0, 0, 0, 0, false, false, 0, 0, 0, 0);
        assertThat(StoredAttributeCheck.check(
                        "acme", Map.of("tenancy.policy.password.min-length", List.of("8")), realm))
                .singleElement()
                .extracting(StoredAttributeCheck.Finding::attribute)
                .isEqualTo("tenancy.policy.password.min-length");
    }
}
