package dev.tenancy.admin.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The portal's message bundles: English and German have the same keys, and every key the scripts use exists. The
 * scripts are parsed: every {@code t('key')} call with a literal key, and every other string literal that has the
 * shape of a message key (a page prefix and a dot: the keys of lookup tables such as the navigation's), must be a key
 * of the bundles; a key built at run time ({@code t(`...${x}`)}) cannot be checked and is refused.
 */
class PortalMessagesTest {

    private static final Pattern T_CALL = Pattern.compile("\\bt\\(\\s*(['\"])([^'\"]+)\\1");
    private static final Pattern KEY_LITERAL = Pattern.compile(
            "(['\"])((?:common|home|myInvitations|members|invitations|roles|policy|branding|audit|tenantsAdmin)"
                    + "\\.[A-Za-z][A-Za-z0-9]*(?:\\.[A-Za-z][A-Za-z0-9]*)*)\\1");
    private static final Pattern T_TEMPLATE = Pattern.compile("\\bt\\(\\s*`[^`]*\\$\\{");

    @Test
    void bothLanguagesHaveTheSameKeys() {
        Set<String> english = PortalPage.bundle("en").keySet();
        Set<String> german = PortalPage.bundle("de").keySet();
        assertThat(english).isNotEmpty();
        assertThat(german).as("keys of messages_de.properties").containsExactlyInAnyOrderElementsOf(english);
        assertThat(PortalPage.bundle("de"))
                .allSatisfy((key, value) -> assertThat(value).as(key).isNotBlank());
    }

    @Test
    void everyKeyTheScriptsUseIsInTheBundles() {
        Set<String> keys = PortalPage.bundle("en").keySet();
        Map<String, Set<String>> missing = new TreeMap<>();
        int used = 0;
        for (String name : PortalAssets.get().names()) {
            if (!name.endsWith(".js")) {
                continue;
            }
            String source =
                    new String(PortalAssets.get().find(name).orElseThrow().bytes(), StandardCharsets.UTF_8);
            assertThat(T_TEMPLATE.matcher(source).find())
                    .as(name + " builds a message key at run time")
                    .isFalse();
            for (Pattern pattern : new Pattern[] {T_CALL, KEY_LITERAL}) {
                Matcher matcher = pattern.matcher(source);
                while (matcher.find()) {
                    used++;
                    if (!keys.contains(matcher.group(2))) {
                        missing.computeIfAbsent(name, n -> new TreeSet<>()).add(matcher.group(2));
                    }
                }
            }
        }
        assertThat(used).as("message keys used by the scripts").isGreaterThan(20);
        assertThat(missing)
                .as("keys used in the scripts but missing in messages_en.properties")
                .isEmpty();
    }
}
