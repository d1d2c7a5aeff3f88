package dev.tenancy.context;

/**
 * The colours a page derives from a tenant's primary colour ({@code #rrggbb}, any value): the primary colour itself
 * (button backgrounds, decorative borders), the text on it, and accents for brand-coloured text, links, borders and
 * focus rings that reach {@link ColorContrast#TEXT} against the login card, in light and in dark mode. A dark blue
 * keeps its colour everywhere; a light yellow fills the button as it is, with black text, and is drawn as a darker
 * gold where it is text or a line.
 *
 * @param primary      the tenant's colour, lower case
 * @param onPrimary    black or white, whichever reads better on {@code primary}
 * @param accent       {@code primary}, or a darker shade of it, at 4.5:1 or more on {@link #LIGHT_BACKGROUND}
 * @param accentOnDark {@code primary}, or a lighter shade of it, at 4.5:1 or more on {@link #DARK_BACKGROUND}
 */
public record BrandPalette(String primary, String onPrimary, String accent, String accentOnDark) {

    /** The login card in light mode (PatternFly 5, keycloak.v2). */
    public static final String LIGHT_BACKGROUND = ColorContrast.WHITE;
    /** The login card in dark mode (PatternFly 5 dark theme: {@code --pf-v5-global--BackgroundColor--300}). */
    public static final String DARK_BACKGROUND = "#26292d";

    /** The palette of a colour {@code #rrggbb}; null for anything else (nothing is derived from an invalid value). */
    public static BrandPalette of(String primary) {
        if (!ColorContrast.isColor(primary)) {
            return null;
        }
        String color = primary.toLowerCase(java.util.Locale.ROOT);
        return new BrandPalette(
                color,
                ColorContrast.textOn(color),
                ColorContrast.shadeReaching(color, LIGHT_BACKGROUND, ColorContrast.TEXT),
                ColorContrast.shadeReaching(color, DARK_BACKGROUND, ColorContrast.TEXT));
    }
}
