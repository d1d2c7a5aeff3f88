package dev.tenancy.it.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.demo.api.DemoApi;
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
    private static final Pattern KEYCLOAK_VERSION =
            Pattern.compile("<keycloak\\.version>\\s*([^<\\s]+)\\s*</keycloak\\.version>");

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
            assertThat(lastSegment)
                    .as("image %s of service %s has an explicit tag", image, name)
                    .contains(":");
            String tag = lastSegment.substring(lastSegment.indexOf(':') + 1);
            assertThat(tag)
                    .as("tag of image %s of service %s", image, name)
                    .isNotBlank()
                    .isNotEqualToIgnoringCase("latest");
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
            assertThat(path)
                    .as("host path %s (build the distribution module first: mvn package)", hostPath)
                    .exists();
        }
    }

    /**
     * The demo SPA/API service runs what demo/run.sh runs: java -jar on the same jar, with every option run.sh gives
     * (port, issuer, SPA folder) at the same value once the container's mounts are mapped back to host paths. It
     * adds only what a container needs: --host (listen beyond its loopback) and --jwks-url (the realm's keys from
     * the keycloak service, the same realm as the issuer's). Ports are published as run.sh uses them.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theDemoSpaAndApiServiceRunsWhatRunShRuns() throws IOException {
        String runSh = Files.readString(repoRoot.resolve("demo/run.sh"));
        Map<String, String> variables = Map.of(
                "REPO_ROOT",
                ".",
                "PORT",
                shellVariable(runSh, "PORT"),
                "APP_PORT",
                shellVariable(runSh, "APP_PORT"),
                "REALM",
                shellVariable(runSh, "REALM"));
        String start = runSh.replace("\\\n", " ")
                .lines()
                .filter(line -> line.contains("-jar ") && line.contains("demo-api.jar"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no java -jar " + "demo-api.jar in demo/run.sh"));
        Map<String, String> runShOptions = new java.util.LinkedHashMap<>();
        Matcher option = Pattern.compile("--([a-z-]+)=\"([^\"]*)\"").matcher(start);
        while (option.find()) {
            runShOptions.put(option.group(1), expand(option.group(2), variables));
        }
        assertThat(runShOptions).as("options of the demo API in demo/run.sh").containsKeys("port", "issuer", "spa");
        Matcher jar = Pattern.compile("-jar \"([^\"]+)\"").matcher(start);
        assertThat(jar.find()).isTrue();
        String runShJar = normalized(expand(jar.group(1), variables));

        Map<String, Object> demo = services.get("demo-api");
        assertThat(demo).as("service demo-api (the demo SPA and API)").isNotNull();
        List<String> command = (List<String>) demo.get("command");
        assertThat(command.subList(0, 2)).containsExactly("java", "-jar");
        Map<String, String> mounts = containerToHost(demo);
        assertThat(toHost(command.get(2), mounts)).as("the jar").isEqualTo(runShJar);
        assertThat(repoRoot.resolve(runShJar))
                .as("%s (mvn package builds it)", runShJar)
                .isRegularFile();

        Map<String, String> composeOptions = new java.util.LinkedHashMap<>();
        for (String arg : command.subList(3, command.size())) {
            Matcher pair = Pattern.compile("--([a-z-]+)=(.*)").matcher(arg);
            assertThat(pair.matches()).as("argument %s", arg).isTrue();
            composeOptions.put(pair.group(1), pair.group(2));
        }
        assertThat(composeOptions.keySet())
                .as("options beyond run.sh's")
                .containsAll(runShOptions.keySet())
                .hasSize(runShOptions.size() + 2)
                .contains("host", "jwks-url");
        DemoApi.Config config =
                DemoApi.Config.parse(command.subList(3, command.size()).toArray(String[]::new));
        assertThat(config.port()).isEqualTo(Integer.parseInt(runShOptions.get("port")));
        assertThat(config.issuer()).isEqualTo(runShOptions.get("issuer"));
        assertThat(toHost(composeOptions.get("spa"), mounts)).isEqualTo(normalized(runShOptions.get("spa")));
        assertThat(config.host()).as("reachable through the published port").isEqualTo("0.0.0.0");
        String realmPath = java.net.URI.create(config.issuer()).getPath();
        assertThat(config.jwksUrl()).hasToString("http://keycloak:8080" + realmPath + "/protocol/openid-connect/certs");
        assertThat((List<String>) demo.get("depends_on")).contains("keycloak");

        assertThat((List<String>) demo.get("ports")).containsExactly(variables.get("APP_PORT") + ":" + config.port());
        assertThat((List<String>) services.get("keycloak").get("ports"))
                .containsExactly(variables.get("PORT") + ":8080");
        assertThat(config.issuer())
                .isEqualTo("http://localhost:" + variables.get("PORT") + "/realms/" + variables.get("REALM"));
    }

    /** The demo realm's browser clients allow the origin where compose and run.sh publish the demo SPA. */
    @Test
    @SuppressWarnings("unchecked")
    void theDemoRealmsSpaClientsAllowThePublishedSpaOrigin() throws IOException {
        String appPort = shellVariable(Files.readString(repoRoot.resolve("demo/run.sh")), "APP_PORT");
        String origin = "http://localhost:" + appPort;
        Map<String, Object> realm =
                new Yaml().load(Files.readString(repoRoot.resolve("demo/realm/tenancy-demo-realm.json")));
        for (String clientId : List.of("tenancy-demo-spa-cookie", "tenancy-demo-spa")) {
            Map<String, Object> client = ((List<Map<String, Object>>) realm.get("clients"))
                    .stream()
                            .filter(c -> clientId.equals(c.get("clientId")))
                            .findFirst()
                            .orElseThrow();
            assertThat((List<String>) client.get("webOrigins"))
                    .as("web origins of %s", clientId)
                    .contains(origin);
            assertThat((List<String>) client.get("redirectUris"))
                    .as("redirect URIs of %s", clientId)
                    .anyMatch(uri -> uri.equals(origin + "/*") || uri.equals("http://localhost:*"));
        }
    }

    private static String shellVariable(String script, String name) {
        Matcher assignment = Pattern.compile("(?m)^" + name + "=(\\S+)$").matcher(script);
        assertThat(assignment.find()).as("%s=... in demo/run.sh", name).isTrue();
        return assignment.group(1);
    }

    /** {@code $NAME} (and {@code ${NAME}}) of run.sh replaced by their values. */
    private static String expand(String value, Map<String, String> variables) {
        String expanded = value;
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            expanded = expanded.replace("${" + variable.getKey() + "}", variable.getValue());
        }
        // longest names first: $PORT must not replace the end of $APP_PORT
        for (String name : variables.keySet().stream()
                .sorted((a, b) -> b.length() - a.length())
                .toList()) {
            expanded = expanded.replace("$" + name, variables.get(name));
        }
        return expanded;
    }

    /** A path relative to the repository root, without {@code ./}. */
    private static String normalized(String path) {
        return Path.of(path).normalize().toString();
    }

    /** Container folder to host path (relative to the repository, as written) of a service's bind mounts. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> containerToHost(Map<String, Object> service) {
        Map<String, String> mounts = new java.util.LinkedHashMap<>();
        for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
            String[] parts = String.valueOf(volume).split(":");
            mounts.put(parts[1], parts[0]);
        }
        return mounts;
    }

    /** A container path as the host path it is mounted from ({@code ./x/y}), or the path itself if unmounted. */
    private static String toHost(String containerPath, Map<String, String> mounts) {
        for (Map.Entry<String, String> mount : mounts.entrySet()) {
            if (containerPath.equals(mount.getKey()) || containerPath.startsWith(mount.getKey() + "/")) {
                return normalized(mount.getValue()
                        + containerPath.substring(mount.getKey().length()));
            }
        }
        return containerPath;
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
        throw new IllegalStateException("No folder with docker-compose.yml and pom.xml above "
                + Path.of("").toAbsolutePath() + "; set -Dtenancy.repo.root");
    }
}
