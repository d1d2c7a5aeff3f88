package dev.tenancy.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code tenant} parameter of a refresh is checked for its form before any lookup reaches the database. */
class TenantSwitchAliasTest {

    @ParameterizedTest
    @ValueSource(strings = {"acme", "acme-corp", "t00001", "ÄÖÜ-gmbh", "a.b_c"})
    void plainAliasesAreWellFormed(String alias) {
        assertThat(TenantSwitch.isWellFormedAlias(alias)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "a b", "a/b", "a?b", "a#b", "a%00b", "a\u0000b", "a\u0007b", "a\u007fb", "a\tb", "a\nb"})
    void aliasesWithWhitespaceDelimitersOrControlCharactersAreNot(String alias) {
        assertThat(TenantSwitch.isWellFormedAlias(alias)).isFalse();
    }

    @Test
    void anAliasLongerThan255CharactersIsNot() {
        assertThat(TenantSwitch.isWellFormedAlias("a".repeat(255))).isTrue();
        assertThat(TenantSwitch.isWellFormedAlias("a".repeat(256))).isFalse();
        assertThat(TenantSwitch.isWellFormedAlias(null)).isFalse();
    }
}
