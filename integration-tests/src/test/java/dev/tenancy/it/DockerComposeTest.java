package dev.tenancy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The docker-compose.yml for users stays runnable: every image is pinned (Keycloak to the release the root pom
 * builds against) and every host path it mounts exists. Host paths exist after {@code mvn package}: the reactor
 * builds the distribution module (its target/providers) before this one.
 */
class DockerComposeTest {

    private static final String KEYCLOAK_IMAGE = "quay.io/keycloak/keycloak";
    /** The root pom pins the release as {@code <keycloak.version>26.7.3</keycloak.version>}. */
    private static final Pattern KEYCLOAK_VERSION = Pattern.compile("<keycloak\\.version>\\s*([^<\\s]+)\\s*</keycloak\\.version>");

    private static Path repoRoot;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readComposeFile() throws IOException {
        repoRoot = findRepoRoot();
        try (Reader reader = Files.newBufferedReader(repoRoot.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = (Map<String, Map<String, Object>>) compose.get("services");
        }
        assertThat(services).as("services of docker-compose.yml").isNotEmpty();
    }

    @Test
    void everyImageHasAnExplicitTagThatIsNotLatest() {
        services.forEach((name, service) -> {
            String image = (String) service.get("image");
            assertThat(image).as("image of service %s", name).isNotBlank();
            // A ':' after the last '/' is the tag (a ':' before it may be a registry port).
            String lastSegment = image.substring(image.lastIndexOf('/') + 1);
            assertThat(lastSegment).as("image %s of service %s has an explicit tag", image, name).contains(":");
            String tag = lastSegment.substring(lastSegment.indexOf(':') + 1);
            assertThat(tag).as("tag of image %s of service %s", image, name).isNotBlank().isNotEqualToIgnoringCase("latest");
        });
    }

    @Test
    void keycloakImageIsTheReleaseTheRootPomBuildsAgainst() throws IOException {
        Matcher version = KEYCLOAK_VERSION.matcher(Files.readString(repoRoot.resolve("pom.xml")));
        assertThat(version.find()).as("<keycloak.version> in the root pom.xml").isTrue();
        assertThat(services).containsKey("keycloak");
        assertThat(services.get("keycloak").get("image")).isEqualTo(KEYCLOAK_IMAGE + ":" + version.group(1));
    }

    @Test
    void everyBindMountedHostPathExists() {
        List<String> hostPaths = new ArrayList<>();
        services.forEach((name, service) -> hostPaths.addAll(bindSources(service)));
        assertThat(hostPaths).as("bind mounts of the keycloak service").isNotEmpty();
        for (String hostPath : hostPaths) {
            Path path = repoRoot.resolve(hostPath).normalize();
            assertThat(path).as("host path %s (build the distribution module first: mvn package)", hostPath).exists();
        }
    }

    /**
     * Host paths of a service's bind mounts, in the short syntax ({@code ./host:/container[:ro]}; a source that is not
     * a path names a volume) and the long one ({@code type: bind, source: ./host}).
     */
    @SuppressWarnings("unchecked")
    private static List<String> bindSources(Map<String, Object> service) {
        List<String> sources = new ArrayList<>();
        List<Object> volumes = (List<Object>) service.getOrDefault("volumes", List.of());
        for (Object volume : volumes) {
            if (volume instanceof String shortSyntax) {
                String source = shortSyntax.split(":", 2)[0];
                if (source.startsWith(".") || source.startsWith("/") || source.startsWith("~")) {
                    sources.add(source);
                }
            } else if (volume instanceof Map<?, ?> longSyntax && "bind".equals(longSyntax.get("type"))) {
                sources.add(String.valueOf(longSyntax.get("source")));
            }
        }
        return sources;
    }

    /** The system property {@code tenancy.repo.root} when set, else the first folder up with docker-compose.yml and pom.xml. */
    private static Path findRepoRoot() {
        String configured = System.getProperty("tenancy.repo.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No folder with docker-compose.yml and pom.xml above " + Path.of("").toAbsolutePath()
                + "; set -Dtenancy.repo.root");
    }
}
