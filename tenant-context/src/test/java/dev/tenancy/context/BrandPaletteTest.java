package dev.tenancy.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrandPaletteTest {

    @Test
    void aDarkColourIsUsedAsItIsWithWhiteText() {
        BrandPalette palette = BrandPalette.of("#B3261E");
        assertThat(palette.primary()).isEqualTo("#b3261e");
        assertThat(palette.onPrimary()).isEqualTo("#ffffff");
        assertThat(palette.accent()).isEqualTo("#b3261e");
        // on the dark card the same red is too dark for text: a lighter red
        assertThat(palette.accentOnDark()).isNotEqualTo("#b3261e");
        assertThat(ColorContrast.ratio(palette.accentOnDark(), BrandPalette.DARK_BACKGROUND))
                .isGreaterThanOrEqualTo(4.5);
    }

    @Test
    void aLightColourFillsButtonsWithBlackTextAndIsDarkenedAsText() {
        BrandPalette palette = BrandPalette.of("#f5c518");
        assertThat(palette.primary()).isEqualTo("#f5c518");
        assertThat(palette.onPrimary()).isEqualTo("#000000");
        assertThat(palette.accent()).isNotEqualTo("#f5c518");
        assertThat(ColorContrast.ratio(palette.accent(), BrandPalette.LIGHT_BACKGROUND))
                .isGreaterThanOrEqualTo(4.5);
        assertThat(palette.accentOnDark()).isEqualTo("#f5c518");
    }

    @Test
    void whiteAndBlackBrandColours() {
        BrandPalette white = BrandPalette.of("#ffffff");
        assertThat(white.onPrimary()).isEqualTo("#000000");
        assertThat(ColorContrast.ratio(white.accent(), "#ffffff")).isGreaterThanOrEqualTo(4.5);
        assertThat(white.accentOnDark()).isEqualTo("#ffffff");
        BrandPalette black = BrandPalette.of("#000000");
        assertThat(black.onPrimary()).isEqualTo("#ffffff");
        assertThat(black.accent()).isEqualTo("#000000");
        assertThat(ColorContrast.ratio(black.accentOnDark(), BrandPalette.DARK_BACKGROUND))
                .isGreaterThanOrEqualTo(4.5);
    }

    @Test
    void nothingIsDerivedFromAnInvalidValue() {
        assertThat(BrandPalette.of(null)).isNull();
        assertThat(BrandPalette.of("red;}</style>")).isNull();
        assertThat(BrandPalette.of("#fff")).isNull();
    }
}
