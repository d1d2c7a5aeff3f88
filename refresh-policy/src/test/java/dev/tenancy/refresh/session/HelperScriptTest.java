package dev.tenancy.refresh.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HelperScriptTest {

    private final HelperScript script =
            new HelperScript("export class TenancySession {}".getBytes(StandardCharsets.UTF_8));

    @Test
    void theTagIsAQuotedHashOfTheScript() {
        assertThat(script.etag()).matches("\"[A-Za-z0-9_-]{22}\"");
        assertThat(new HelperScript("export class TenancySession {}".getBytes(StandardCharsets.UTF_8)).etag())
                .as("the same script on another node")
                .isEqualTo(script.etag());
        assertThat(new HelperScript("export class TenancySession { v2 }".getBytes(StandardCharsets.UTF_8)).etag())
                .as("an upgraded script")
                .isNotEqualTo(script.etag());
    }

    @Test
    void theRequestsTagMatchesAloneInAListWeakOrAsAStar() {
        String tag = script.etag();
        assertThat(script.matches(tag)).isTrue();
        assertThat(script.matches("\"other\", " + tag)).isTrue();
        assertThat(script.matches("W/" + tag))
                .as("a weak tag, as a compressing proxy sends it")
                .isTrue();
        assertThat(script.matches("*")).isTrue();
    }

    @Test
    void anotherOrNoTagDoesNotMatch() {
        assertThat(script.matches(null)).isFalse();
        assertThat(script.matches("")).isFalse();
        assertThat(script.matches("\"other\"")).isFalse();
        assertThat(script.matches(script.etag().replace("\"", "")))
                .as("unquoted")
                .isFalse();
        assertThat(script.matches("W/\"" + script.etag() + "\"")).isFalse();
    }
}
