package dev.tenancy.it.setup;

import dev.tenancy.testsupport.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The JSON of README's per-realm setup steps: the files in {@code docs/setup}, which README shows verbatim
 * ({@link SetupDocsTest}) and {@link RealmSetupIT} sends as they are, with only their {@code <...>} placeholders
 * replaced by ids.
 */
final class SetupDocs {

    private SetupDocs() {}

    static Path folder() {
        return repoRoot().resolve("docs").resolve("setup");
    }

    /** Every file of the folder, by name. */
    static List<Path> files() {
        try (Stream<Path> files = Files.list(folder())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        try {
            return Files.readString(folder().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's JSON as the test sends it: its text with each placeholder replaced (a JSON string stays one). */
    static String json(String name, Map<String, String> placeholders) {
        String text = text(name);
        for (Map.Entry<String, String> entry : placeholders.entrySet()) {
            if (!text.contains(entry.getKey())) {
                throw new AssertionError(name + " has no placeholder " + entry.getKey());
            }
            text = text.replace(entry.getKey(), entry.getValue());
        }
        if (text.matches("(?s).*\"<[^\"]*>\".*")) {
            throw new AssertionError(name + " still has a placeholder: " + text);
        }
        return text;
    }

    static String json(String name) {
        return json(name, Map.of());
    }

    /** The file parsed as a JSON object (for composing a realm import). */
    static Map<String, Object> object(String name) {
        try {
            return Http.JSON.readValue(text(name), new com.fasterxml.jackson.core.type.TypeReference<>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The system property {@code tenancy.repo.root} when set, else the first folder up with docs/setup and pom.xml. */
    static Path repoRoot() {
        String configured = System.getProperty("tenancy.repo.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs").resolve("setup"))
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "No folder with docs/setup above " + Path.of("").toAbsolutePath() + "; set -Dtenancy.repo.root");
    }
}
