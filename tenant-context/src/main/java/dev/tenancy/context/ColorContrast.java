package dev.tenancy.context;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * WCAG 2.1 colour contrast for {@code #rrggbb} colours: relative luminance, contrast ratio, the text colour (black or
 * white) that reads best on a colour, and a shade of a colour that reaches a ratio against a background. Lets the
 * login theme render ANY brand colour a tenant may set accessibly: text on the brand colour at 4.5:1 or more, and
 * brand-coloured text, links, borders and focus rings at 4.5:1 against the page, without refusing the colour.
 *
 * <p>Definitions from WCAG 2.1, "relative luminance" and "contrast ratio" (sRGB channel threshold 0.04045, the
 * sRGB standard's; WCAG's 0.03928 gives the same result for 8-bit channels).</p>
 */
public final class ColorContrast {

    public static final String BLACK = "#000000";
    public static final String WHITE = "#ffffff";
    /** WCAG 1.4.3 (AA): normal text against its background. */
    public static final double TEXT = 4.5;
    /** WCAG 1.4.11 (AA): user-interface components and meaningful graphics against what is next to them. */
    public static final double NON_TEXT = 3.0;

    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

    private ColorContrast() {}

    /** Relative luminance of {@code #rrggbb}: 0 for black, 1 for white. */
    public static double relativeLuminance(String color) {
        int[] rgb = rgb(color);
        return 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
    }

    /** The contrast ratio of two colours, from 1 (the same) to 21 (black and white); symmetric. */
    public static double ratio(String a, String b) {
        double la = relativeLuminance(a);
        double lb = relativeLuminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /**
     * Black or white, whichever has the higher contrast ratio with {@code background}. For any colour that is at least
     * 4.58:1 (the worst case, a luminance of about 0.18), so text in it always meets {@link #TEXT}.
     */
    public static String textOn(String background) {
        return ratio(background, BLACK) >= ratio(background, WHITE) ? BLACK : WHITE;
    }

    /**
     * {@code color} itself when it reaches {@code minimum} against {@code background}, else the first shade of it that
     * does, mixing in black (on a light background) or white (on a dark one) in steps of 1 %: the hue stays, the
     * colour gets only as much darker or lighter as needed. Black and white reach at least 4.58:1 against any
     * background, so any {@code minimum} up to that is always met.
     */
    public static String shadeReaching(String color, String background, double minimum) {
        String start = normalized(color);
        if (ratio(start, background) >= minimum) {
            return start;
        }
        int[] from = rgb(start);
        int[] to = rgb(textOn(background));
        for (int step = 1; step <= 100; step++) {
            double t = step / 100.0;
            String shade = hex(mix(from[0], to[0], t), mix(from[1], to[1], t), mix(from[2], to[2], t));
            if (ratio(shade, background) >= minimum) {
                return shade;
            }
        }
        return textOn(background);
    }

    public static boolean isColor(String value) {
        return value != null && COLOR.matcher(value).matches();
    }

    private static String normalized(String color) {
        rgb(color); // validates
        return color.toLowerCase(Locale.ROOT);
    }

    private static int[] rgb(String color) {
        if (!isColor(color)) {
            throw new IllegalArgumentException("not a colour #rrggbb: " + color);
        }
        return new int[] {
            Integer.parseInt(color.substring(1, 3), 16),
            Integer.parseInt(color.substring(3, 5), 16),
            Integer.parseInt(color.substring(5, 7), 16)
        };
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static int mix(int from, int to, double t) {
        return (int) Math.round(from + (to - from) * t);
    }

    private static String hex(int r, int g, int b) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }
}
