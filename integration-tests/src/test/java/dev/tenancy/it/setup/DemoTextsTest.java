package dev.tenancy.it.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the demo tells a user matches the demo realm file: every user and the one name of each tenant appear where
 * the demo names them (the start banner of demo/run.sh, the SPA's sign-in hint, demo/README.md). No server needed.
 */
class DemoTextsTest {

    private static final Path ROOT = repoRoot();

    @Test
    @SuppressWarnings("unchecked")
    void everyDemoUserIsNamedInTheBannerTheSignInHintAndTheReadme() throws IOException {
        Map<String, Object> realm =
                Http.JSON.readValue(Files.readString(ROOT.resolve("demo/realm/tenancy-demo-realm.json")), Map.class);
        List<String> users = ((List<Map<String, Object>>) realm.get("users"))
                .stream()
                        .map(user -> (String) user.get("username"))
                        .filter(name -> !name.startsWith("service-account-"))
                        .toList();
        assertThat(users).contains("alice", "bob", "carol", "dave");
        String banner = Files.readString(ROOT.resolve("demo/run.sh"));
        String hint = Files.readString(ROOT.resolve("demo/spa/index.html"));
        String readme = Files.readString(ROOT.resolve("demo/README.md"));
        for (String user : users) {
            assertThat(banner).as("demo/run.sh banner").containsPattern("\\n {4}" + user + " +" + user + "-demo ");
            assertThat(hint)
                    .as("the SPA's sign-in hint")
                    .contains("<code>" + user + "</code> / <code>" + user + "-demo</code>");
            assertThat(readme).as("demo/README.md").contains("| " + user + " | `" + user + "-demo` |");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTenantHasOneNameInTheSpaAndOnTheLoginPages() throws IOException {
        Map<String, Object> realm =
                Http.JSON.readValue(Files.readString(ROOT.resolve("demo/realm/tenancy-demo-realm.json")), Map.class);
        for (Map<String, Object> organization : (List<Map<String, Object>>) realm.get("organizations")) {
            Map<String, List<String>> attributes =
                    (Map<String, List<String>>) organization.getOrDefault("attributes", Map.of());
            List<String> displayName = attributes.get("tenancy.branding.display-name");
            if (displayName != null) {
                assertThat(displayName)
                        .as("branding display name of " + organization.get("alias"))
                        .containsExactly((String) organization.get("name"));
            }
        }
    }

    private static Path repoRoot() {
        String configured = System.getProperty("tenancy.repo.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("demo/run.sh")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no repository root above " + Path.of("").toAbsolutePath());
    }
}
