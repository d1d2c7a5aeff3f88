package dev.tenancy.admin.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenancy.admin.representation.InvitationCreateRepresentation;
import dev.tenancy.admin.representation.MemberAddRepresentation;
import dev.tenancy.admin.representation.TenantUpdateRepresentation;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.services.ErrorResponseException;

class InputTest {

    /** The refusal is a 400 invalid_request whose description names the field first. */
    static void refused(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOf(ErrorResponseException.class).satisfies(e -> {
            ErrorResponseException error = (ErrorResponseException) e;
            assertThat(error.getResponse().getStatus()).isEqualTo(400);
            assertThat(error.getError()).isEqualTo("invalid_request");
            assertThat(error.getErrorDescription()).startsWith(field + ":");
        });
    }

    /** Found by EndpointFuzzIT: JAX-RS answered a wrong type 415 without error_description, a malformed one 500. */
    @Nested
    class JsonContentType {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "application/json",
                    "Application/JSON",
                    "application/json; charset=UTF-8",
                    "application/json;charset=\"utf-8\"",
                    "application/merge-patch+json"
                })
        void acceptsJson(String header) {
            Input.jsonContentType(header);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    "text/plain",
                    "application/xml",
                    "application/x-www-form-urlencoded",
                    "???",
                    "%s%n%x",
                    "application/json; charset=latin1",
                    "application/jsonx",
                    "multipart/form-data; boundary=x",
                    "application/json;;charset=utf-16"
                })
        void refusesAnythingElseWith415AndTheErrorFormat(String header) {
            assertThatThrownBy(() -> Input.jsonContentType(header))
                    .isInstanceOf(ErrorResponseException.class)
                    .satisfies(e -> {
                        ErrorResponseException error = (ErrorResponseException) e;
                        assertThat(error.getResponse().getStatus()).isEqualTo(415);
                        assertThat(error.getError()).isEqualTo("invalid_request");
                        assertThat(error.getErrorDescription()).startsWith("Content-Type:");
                    });
        }

        @Test
        void refusesAMissingHeader() {
            assertThatThrownBy(() -> Input.json(null, "{}", MemberAddRepresentation.class))
                    .isInstanceOf(ErrorResponseException.class);
        }
    }

    @Nested
    class Paging {
        @Test
        void defaultsWhenAbsent() {
            assertThat(Input.page(null, null)).isEqualTo(new Input.Page(0, Input.DEFAULT_PAGE_SIZE));
            assertThat(Input.page("", "")).isEqualTo(new Input.Page(0, Input.DEFAULT_PAGE_SIZE));
        }

        @Test
        void acceptsTheBounds() {
            assertThat(Input.page("0", "1")).isEqualTo(new Input.Page(0, 1));
            assertThat(Input.page(" 20 ", String.valueOf(Input.MAX_PAGE_SIZE)))
                    .isEqualTo(new Input.Page(20, Input.MAX_PAGE_SIZE));
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "abc", "1.5", "99999999999999999999", "2147483648", "10000001"})
        void refusesBadFirst(String first) {
            refused(() -> Input.page(first, null), "first");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-5", "1001", "x", "2147483647"})
        void refusesBadMax(String max) {
            refused(() -> Input.page(null, max), "max");
        }
    }

    @Nested
    class Emails {
        @Test
        void trimsAndLowerCases() {
            assertThat(Input.email("email", "  Ann.Lee+x@Example.COM ")).isEqualTo("ann.lee+x@example.com");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    " ",
                    "plain",
                    "a@",
                    "@b.c",
                    "a@b",
                    "a b@c.de",
                    "a@-b.de",
                    "a@b..de",
                    "<a>@b.de",
                    "{a}@b.de",
                    "a}@b.de",
                    "{x@b.de",
                    "a@b{c}.de"
                })
        void refusesInvalid(String email) {
            refused(() -> Input.email("email", email), "email");
        }

        @Test
        void refusesNullAndOversized() {
            refused(() -> Input.email("email", null), "email");
            String longLocal = "a".repeat(65) + "@example.com";
            refused(() -> Input.email("email", longLocal), "email");
            String tooLong = "a@" + "b".repeat(60) + ("." + "c".repeat(60)).repeat(5) + ".de";
            assertThat(tooLong.length()).isGreaterThan(Input.MAX_EMAIL_LENGTH);
            refused(() -> Input.email("email", tooLong), "email");
        }
    }

    @Nested
    class Texts {
        @Test
        void nullMeansUnchangedUnlessRequired() {
            assertThat(Input.text("name", null, 255, false)).isNull();
            refused(() -> Input.text("name", null, 255, true), "name");
        }

        @Test
        void boundsAndControlCharacters() {
            assertThat(Input.text("name", "x".repeat(255), 255, true)).hasSize(255);
            refused(() -> Input.text("name", "x".repeat(256), 255, true), "name");
            refused(() -> Input.text("name", "   ", 255, true), "name");
            refused(() -> Input.text("name", "a\u0000b", 255, true), "name");
        }

        @Test
        void searchIsOptionalAndBounded() {
            assertThat(Input.search(null)).isNull();
            assertThat(Input.search("  ")).isNull();
            assertThat(Input.search(" ann ")).isEqualTo("ann");
            refused(() -> Input.search("s".repeat(256)), "search");
            refused(() -> Input.search("a\u0000b"), "search"); // found by EndpointFuzzIT on PostgreSQL (500)
        }

        @Test
        void idsAndBrandingKeys() {
            assertThat(Input.id("userId", "0b9c1e4e-1234-4c1d-9a6e-0123456789ab"))
                    .isNotNull();
            refused(() -> Input.id("userId", "../x"), "userId");
            refused(() -> Input.id("userId", "x".repeat(37)), "userId");
            assertThat(Input.brandingKey("logo-url")).isEqualTo("logo-url");
            refused(() -> Input.brandingKey("Logo URL"), "branding");
        }

        @Test
        void theDocumentedBrandingKeysHoldOnlyWhatTheLoginThemeRenders() {
            assertThat(Input.brandingValue("logo-url", " https://cdn.acme.test/logo.svg "))
                    .isEqualTo("https://cdn.acme.test/logo.svg");
            assertThat(Input.brandingValue("primary-color", "#0A7CFF")).isEqualTo("#0A7CFF");
            assertThat(Input.brandingValue("display-name", "Acme <Corp>")).isEqualTo("Acme <Corp>");
            assertThat(Input.brandingValue("logo-url", null)).isNull();
            assertThat(Input.brandingValue("logo-url", "")).isEmpty();
            refused(() -> Input.brandingValue("logo-url", "http://cdn.acme.test/logo.svg"), "branding.logo-url");
            refused(() -> Input.brandingValue("logo-url", "javascript:alert(1)"), "branding.logo-url");
            refused(
                    () -> Input.brandingValue("logo-url", "https://cdn.acme.test/\"onerror=\"alert(1)"),
                    "branding.logo-url");
            refused(() -> Input.brandingValue("primary-color", "red"), "branding.primary-color");
            refused(() -> Input.brandingValue("primary-color", "#000;}</style>"), "branding.primary-color");
            refused(() -> Input.brandingValue("display-name", "Acme\nCorp"), "branding.display-name");
            refused(() -> Input.brandingValue("display-name", "x".repeat(256)), "branding.display-name");
            assertThat(Input.brandingValue("tagline", "free text, not rendered"))
                    .isEqualTo("free text, not rendered");
            refused(() -> Input.brandingValue("tagline", "x".repeat(1025)), "branding.tagline");
        }
    }

    @Nested
    class Expiry {
        @Test
        void defaultIsSevenDaysAndMaximumThirty() {
            assertThat(Input.invitationSeconds(null)).isEqualTo(7L * 24 * 3600);
            assertThat(Input.invitationSeconds(30L * 24 * 3600)).isEqualTo(30L * 24 * 3600);
            refused(() -> Input.invitationSeconds(30L * 24 * 3600 + 1), "expiresInSeconds");
            refused(() -> Input.invitationSeconds(0L), "expiresInSeconds");
            refused(() -> Input.invitationSeconds(-1L), "expiresInSeconds");
        }
    }

    @Nested
    class Json {
        @Test
        void parsesKnownFields() {
            InvitationCreateRepresentation rep = Input.json(
                    "{\"email\":\"a@b.de\",\"roles\":[\"admins\"],\"expiresInSeconds\":60}",
                    InvitationCreateRepresentation.class);
            assertThat(rep.email()).isEqualTo("a@b.de");
            assertThat(rep.roles()).isEqualTo(List.of("admins"));
            assertThat(rep.expiresInSeconds()).isEqualTo(60L);
            assertThat(Input.json("{\"branding\":{\"logo\":null}}", TenantUpdateRepresentation.class)
                            .branding())
                    .containsEntry("logo", null);
        }

        @Test
        void refusesMalformedUnknownAndWrongTypes() {
            refused(() -> Input.json("{\"email\":", InvitationCreateRepresentation.class), "body");
            refused(() -> Input.json("", InvitationCreateRepresentation.class), "body");
            refused(() -> Input.json("null", InvitationCreateRepresentation.class), "body");
            refused(() -> Input.json("[1]", MemberAddRepresentation.class), "body");
            refused(() -> Input.json("{\"userId\":\"x\"} trailing", MemberAddRepresentation.class), "body");
            refused(() -> Input.json("{\"userId\":\"x\",\"admin\":true}", MemberAddRepresentation.class), "admin");
            refused(
                    () -> Input.json(
                            "{\"email\":\"a@b.de\",\"expiresInSeconds\":\"soon\"}",
                            InvitationCreateRepresentation.class),
                    "expiresInSeconds");
            refused(
                    () -> Input.json(
                            "{\"email\":\"a@b.de\",\"roles\":\"admins\"}", InvitationCreateRepresentation.class),
                    "roles");
        }

        /** Jackson's default coercions would store {@code {"name":5}} as "5" and accept "60" or 60.5 as 60. */
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{\"userId\":123}|userId|string",
                    "{\"userId\":true}|userId|string",
                    "{\"userId\":1.5}|userId|string",
                    "{\"email\":[\"a@b.de\"]}|email|string",
                    "{\"email\":{\"x\":1}}|email|string"
                })
        void refusesScalarsOfTheWrongTypeForStrings(String caseLine) {
            String[] parts = caseLine.split("\\|");
            refused(() -> Input.json(parts[0], MemberAddRepresentation.class), parts[1]);
            assertThatThrownBy(() -> Input.json(parts[0], MemberAddRepresentation.class))
                    .satisfies(e -> assertThat(((ErrorResponseException) e).getErrorDescription())
                            .contains(parts[2]));
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"60\"", "60.5", "60.0", "true", "\"\"", "[60]", "{}"})
        void refusesAnythingButAJsonIntegerForIntegers(String value) {
            refused(
                    () -> Input.json(
                            "{\"email\":\"a@b.de\",\"expiresInSeconds\":" + value + "}",
                            InvitationCreateRepresentation.class),
                    "expiresInSeconds");
        }

        @Test
        void refusesNonStringsInListsAndMapsOfStrings() {
            refused(
                    () -> Input.json("{\"email\":\"a@b.de\",\"roles\":[5]}", InvitationCreateRepresentation.class),
                    "roles[0]");
            refused(() -> Input.json("{\"name\":5}", TenantUpdateRepresentation.class), "name");
            refused(
                    () -> Input.json("{\"branding\":{\"display-name\":false}}", TenantUpdateRepresentation.class),
                    "branding.display-name");
        }

        @Test
        void stillAcceptsTheRightTypes() {
            assertThat(Input.json(
                                    "{\"email\":\"a@b.de\",\"expiresInSeconds\":60}",
                                    InvitationCreateRepresentation.class)
                            .expiresInSeconds())
                    .isEqualTo(60L);
            assertThat(Input.json("{\"name\":\"\"}", TenantUpdateRepresentation.class)
                            .name())
                    .isEmpty();
            assertThat(Input.json("{\"name\":null}", TenantUpdateRepresentation.class)
                            .name())
                    .isNull();
        }
    }
}
