package dev.tenancy.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.context.policy.RealmBaseline;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which {@code tenancy.*} organization attributes a write may store, and the messages that name the refused ones. */
class TenantAttributeRulesTest {

    private static final RealmBaseline LENGTH_8 = new RealmBaseline(8, 0, 0, 0, 0, false, false, 0, 0, 0, 0);

    private static List<String> refused(Map<String, List<String>> before, Map<String, List<String>> after) {
        return TenantAttributeRules.introducedBy(before, after, LENGTH_8).stream()
                .map(TenantAttributeRules.Problem::attribute)
                .toList();
    }

    @Test
    void validValuesAndForeignAttributesPass() {
        assertThat(refused(
                        Map.of(),
                        Map.of(
                                "tenancy.branding.primary-color",
                                List.of("#b3261e"),
                                "tenancy.branding.logo-url",
                                List.of("https://cdn.acme.test/logo.svg"),
                                "tenancy.branding.display-name",
                                List.of("Acme Corporation"),
                                "tenancy.branding.app.footer",
                                List.of("an application's own branding key"),
                                "tenancy.policy.password.min-length",
                                List.of("12"),
                                "tenancy.policy.mfa",
                                List.of("all"),
                                "tenancy.policy.mfa.methods",
                                List.of("otp,webauthn"),
                                "department",
                                List.of("anything"),
                                "tenancy.policy.session.idle-seconds",
                                List.of(""))))
                .isEmpty();
    }

    @Test
    void invalidValuesUnknownKeysAndWeakerThanTheRealmAreRefusedWithTheirRule() {
        List<TenantAttributeRules.Problem> problems = TenantAttributeRules.introducedBy(
                Map.of(),
                Map.of(
                        "tenancy.branding.primary-color", List.of("red"),
                        "tenancy.policy.pasword.min-length", List.of("40"),
                        "tenancy.policy.password.min-length", List.of("6"),
                        "tenancy.colour", List.of("x"),
                        "tenancy.branding.Bad Key", List.of("x")),
                LENGTH_8);
        assertThat(problems)
                .extracting(TenantAttributeRules.Problem::attribute)
                .containsExactlyInAnyOrder(
                        "tenancy.branding.primary-color",
                        "tenancy.policy.pasword.min-length",
                        "tenancy.policy.password.min-length",
                        "tenancy.colour",
                        "tenancy.branding.Bad Key");
        String message = TenantAttributeRules.message(problems);
        assertThat(message)
                .startsWith("Invalid organization attributes: ")
                .contains("tenancy.branding.primary-color: must be a colour #rrggbb")
                .contains("tenancy.policy.pasword.min-length: unknown policy key; known keys: [mfa, mfa.methods, "
                        + "password.min-length")
                .contains("tenancy.policy.password.min-length: must not be weaker than the realm's password policy: "
                        + "at least 8, not 6")
                .contains("tenancy.colour: unknown organization attribute of Keycloak Tenancy");
    }

    @Test
    void aValueStoredBeforeDoesNotBlockAnUnrelatedEditButCannotBeChangedToAnotherBadOne() {
        Map<String, List<String>> stored = Map.of("tenancy.branding.primary-color", List.of("red"));
        assertThat(refused(
                        stored,
                        Map.of(
                                "tenancy.branding.primary-color",
                                List.of("red"),
                                "tenancy.branding.display-name",
                                List.of("Acme"))))
                .isEmpty();
        assertThat(refused(stored, Map.of())).as("removing it").isEmpty();
        assertThat(refused(stored, Map.of("tenancy.branding.primary-color", List.of("blue"))))
                .containsExactly("tenancy.branding.primary-color");
        assertThat(refused(stored, Map.of("tenancy.branding.primary-color", List.of("#0000ff"))))
                .isEmpty();
    }

    @Test
    void aChangeThatMakesAnUntouchedKeyInconsistentIsRefused() {
        Map<String, List<String>> stored = Map.of(
                "tenancy.policy.session.idle-seconds",
                List.of("600"),
                "tenancy.policy.session.max-seconds",
                List.of("3600"));
        List<String> refused = refused(
                stored,
                Map.of(
                        "tenancy.policy.session.idle-seconds",
                        List.of("600"),
                        "tenancy.policy.session.max-seconds",
                        List.of("300")));
        assertThat(refused).containsExactly("tenancy.policy.session.idle-seconds");
    }

    @Test
    void problemsListsEverythingStored() {
        assertThat(TenantAttributeRules.problems(
                        Map.of(
                                "tenancy.branding.logo-url",
                                List.of("javascript:alert(1)"),
                                "tenancy.branding.primary-color",
                                List.of("#fff", "#000")),
                        RealmBaseline.NONE))
                .extracting(TenantAttributeRules.Problem::toString)
                .containsExactlyInAnyOrder(
                        "tenancy.branding.logo-url: must be an absolute https:// URL of at most 1024 characters "
                                + "without spaces, quotes or angle brackets",
                        "tenancy.branding.primary-color: must be a single value");
    }
}
