package dev.tenancy.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ColorContrastTest {

    @Test
    void relativeLuminanceFollowsWcag() {
        assertThat(ColorContrast.relativeLuminance("#000000")).isEqualTo(0.0);
        assertThat(ColorContrast.relativeLuminance("#ffffff")).isEqualTo(1.0, within(1e-12));
        // #777777: each channel 0.4667 -> ((0.4667 + 0.055) / 1.055)^2.4 = 0.1845
        assertThat(ColorContrast.relativeLuminance("#777777")).isEqualTo(0.1845, within(0.0001));
        // #f5c518: 0.2126 * 0.91310 + 0.7152 * 0.55835 + 0.0722 * 0.00913 = 0.59412
        assertThat(ColorContrast.relativeLuminance("#f5c518")).isEqualTo(0.5941, within(0.0001));
        assertThat(ColorContrast.relativeLuminance("#F5C518")).isEqualTo(ColorContrast.relativeLuminance("#f5c518"));
    }

    @Test
    void ratiosOfTheEdgeColours() {
        assertThat(ColorContrast.ratio("#000000", "#ffffff")).isEqualTo(21.0, within(1e-9));
        assertThat(ColorContrast.ratio("#ffffff", "#000000")).isEqualTo(21.0, within(1e-9));
        assertThat(ColorContrast.ratio("#ffffff", "#ffffff")).isEqualTo(1.0);
        // the classic edge: #777777 on white is just BELOW 4.5:1, #767676 just above
        assertThat(ColorContrast.ratio("#777777", "#ffffff"))
                .isEqualTo(4.48, within(0.005))
                .isLessThan(4.5);
        assertThat(ColorContrast.ratio("#767676", "#ffffff"))
                .isEqualTo(4.54, within(0.005))
                .isGreaterThan(4.5);
        assertThat(ColorContrast.ratio("#777777", "#000000")).isEqualTo(4.69, within(0.005));
        // the light brand colour of issue 20: white on it 1.63:1 (what axe reported), black on it 12.88:1
        assertThat(ColorContrast.ratio("#f5c518", "#ffffff")).isEqualTo(1.63, within(0.005));
        assertThat(ColorContrast.ratio("#f5c518", "#000000")).isEqualTo(12.88, within(0.005));
        assertThat(ColorContrast.ratio("#0066cc", "#ffffff")).isEqualTo(5.57, within(0.005));
    }

    @Test
    void textOnAColourIsTheBetterOfBlackAndWhite() {
        assertThat(ColorContrast.textOn("#000000")).isEqualTo("#ffffff");
        assertThat(ColorContrast.textOn("#ffffff")).isEqualTo("#000000");
        assertThat(ColorContrast.textOn("#f5c518")).isEqualTo("#000000");
        // white on #777777 would fail (4.48), black reaches 4.69
        assertThat(ColorContrast.textOn("#777777")).isEqualTo("#000000");
        assertThat(ColorContrast.textOn("#0066cc")).isEqualTo("#ffffff");
        assertThat(ColorContrast.textOn("#b3261e")).isEqualTo("#ffffff");
    }

    @Test
    void theTextColourReachesFourAndAHalfOnEveryColour() {
        Random random = new Random(20);
        double worst = 21;
        for (int i = 0; i < 5_000; i++) {
            String color = String.format("#%06x", random.nextInt(0x1000000));
            worst = Math.min(worst, ColorContrast.ratio(color, ColorContrast.textOn(color)));
        }
        for (int grey = 0; grey < 256; grey++) {
            String color = String.format("#%02x%02x%02x", grey, grey, grey);
            worst = Math.min(worst, ColorContrast.ratio(color, ColorContrast.textOn(color)));
        }
        assertThat(worst).isGreaterThanOrEqualTo(4.58);
    }

    @Test
    void aShadeIsTheColourItselfWhenItIsEnoughAndADarkerOneWhenNot() {
        assertThat(ColorContrast.shadeReaching("#0066CC", "#ffffff", 4.5)).isEqualTo("#0066cc");
        assertThat(ColorContrast.shadeReaching("#000000", "#ffffff", 4.5)).isEqualTo("#000000");

        String gold = ColorContrast.shadeReaching("#f5c518", "#ffffff", 4.5);
        assertThat(ColorContrast.ratio(gold, "#ffffff"))
                .isGreaterThanOrEqualTo(4.5)
                .isLessThan(4.8);
        assertThat(gold).isNotEqualTo("#f5c518");
        // darker, same hue: red stays the largest channel, blue the smallest
        int r = Integer.parseInt(gold.substring(1, 3), 16);
        int g = Integer.parseInt(gold.substring(3, 5), 16);
        int b = Integer.parseInt(gold.substring(5, 7), 16);
        assertThat(r).isGreaterThan(g).isLessThan(0xf5);
        assertThat(g).isGreaterThan(b);

        String grey = ColorContrast.shadeReaching("#777777", "#ffffff", 4.5);
        assertThat(grey).isNotEqualTo("#777777");
        assertThat(ColorContrast.ratio(grey, "#ffffff"))
                .isGreaterThanOrEqualTo(4.5)
                .isLessThan(4.7);

        String onWhite = ColorContrast.shadeReaching("#ffffff", "#ffffff", 4.5);
        assertThat(ColorContrast.ratio(onWhite, "#ffffff")).isGreaterThanOrEqualTo(4.5);

        // on a dark background the shade gets lighter
        String light = ColorContrast.shadeReaching("#000000", "#26292d", 4.5);
        assertThat(ColorContrast.relativeLuminance(light)).isGreaterThan(0.2);
        assertThat(ColorContrast.ratio(light, "#26292d")).isGreaterThanOrEqualTo(4.5);
        assertThat(ColorContrast.shadeReaching("#f5c518", "#26292d", 4.5)).isEqualTo("#f5c518");
    }

    @Test
    void everyColourGetsAShadeThatReachesTheRatioOnBothCards() {
        Random random = new Random(21);
        for (int i = 0; i < 1_000; i++) {
            String color = String.format("#%06x", random.nextInt(0x1000000));
            assertThat(ColorContrast.ratio(ColorContrast.shadeReaching(color, "#ffffff", 4.5), "#ffffff"))
                    .as(color)
                    .isGreaterThanOrEqualTo(4.5);
            assertThat(ColorContrast.ratio(ColorContrast.shadeReaching(color, "#26292d", 4.5), "#26292d"))
                    .as(color)
                    .isGreaterThanOrEqualTo(4.5);
        }
    }

    @Test
    void onlySixHexDigitsAreColours() {
        assertThatThrownBy(() -> ColorContrast.ratio("#fff", "#000000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ColorContrast.textOn("red")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ColorContrast.isColor(null)).isFalse();
    }
}
