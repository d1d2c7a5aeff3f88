package dev.tenancy.it.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.testsupport.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * README's per-realm setup shows each file of docs/setup verbatim, in a ```json block, so that the JSON people copy is
 * the JSON {@link RealmSetupIT} sends; and every file is JSON.
 */
class SetupDocsTest {

    @Test
    void readmeShowsEveryFileOfDocsSetupVerbatim() throws IOException {
        String readme = Files.readString(SetupDocs.repoRoot().resolve("README.md"));
        assertThat(SetupDocs.files()).hasSizeGreaterThanOrEqualTo(10);
        for (Path file : SetupDocs.files()) {
            String content = Files.readString(file).strip();
            assertThat(readme)
                    .as("README.md shows %s verbatim", file.getFileName())
                    .contains("```json\n" + content + "\n```");
            assertThat(readme)
                    .as("README.md links or names %s", file.getFileName())
                    .containsAnyOf("docs/setup/" + file.getFileName(), "[docs/setup](docs/setup)");
        }
    }

    @Test
    void everyFileIsJson() throws IOException {
        for (Path file : SetupDocs.files()) {
            Http.JSON.readTree(Files.readString(file)); // throws on anything that is not JSON
        }
    }
}
