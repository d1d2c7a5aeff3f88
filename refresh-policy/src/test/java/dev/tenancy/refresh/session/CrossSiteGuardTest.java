package dev.tenancy.refresh.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossSiteGuardTest {

    private final CrossSiteGuard guard =
            CrossSiteGuard.forOrigins(List.of("http://localhost:8081", "https://App.example.com"));

    @Test
    void aWebOriginWithTheHeaderPasses() {
        assertThat(guard.refusal("http://localhost:8081", "1")).isNull();
        assertThat(guard.refusal("https://app.example.com", "1"))
                .as("scheme and host compare case-insensitively")
                .isNull();
    }

    @Test
    void everythingElseIsRefused() {
        assertThat(guard.refusal(null, "1")).contains("no Origin");
        assertThat(guard.refusal("null", "1")).contains("not a web origin");
        assertThat(guard.refusal("http://localhost:8082", "1")).contains("not a web origin");
        assertThat(guard.refusal("http://localhost:8081.evil.test", "1")).contains("not a web origin");
        assertThat(guard.refusal("http://localhost:8081", null)).contains("X-Tenancy-CSRF: 1 is required");
        assertThat(guard.refusal("http://localhost:8081", "true")).contains("X-Tenancy-CSRF: 1 is required");
    }

    @Test
    void aWildcardWebOriginAllowsNothing() {
        CrossSiteGuard wildcard = CrossSiteGuard.forOrigins(Arrays.asList("*", null, " "));
        assertThat(wildcard.allowedOrigins()).isEmpty();
        assertThat(wildcard.refusal("https://evil.test", "1")).contains("not a web origin");
    }

    @Test
    void controlCharactersOfAHostileOriginNeverReachTheDescription() {
        assertThat(guard.refusal("http://x\r\nSet-Cookie: a=b", "1"))
                .doesNotContain("\r")
                .doesNotContain("\n");
    }
}
