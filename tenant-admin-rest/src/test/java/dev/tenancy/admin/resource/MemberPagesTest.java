package dev.tenancy.admin.resource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The search pattern must be Keycloak's (the IT compares whole searches with the stock organization API). */
class MemberPagesTest {

    @Test
    void aPlainTermMatchesAnywhere() {
        assertThat(MemberPages.likePattern("ann")).isEqualTo("%ann%");
    }

    @Test
    void starsAreWildcardsAndAnchorTheEndsTheyStandAt() {
        assertThat(MemberPages.likePattern("ann*")).isEqualTo("%ann%");
        assertThat(MemberPages.likePattern("*ann")).isEqualTo("%ann%");
        assertThat(MemberPages.likePattern("a*n")).isEqualTo("%a%n%");
        assertThat(MemberPages.likePattern("*")).isEqualTo("%");
    }

    @Test
    void likeMetacharactersAreLiteral() {
        assertThat(MemberPages.likePattern("50%_off\\")).isEqualTo("%50\\%\\_off\\\\%");
    }
}
