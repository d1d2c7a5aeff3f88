// The login theme's colours of a tenant's primary colour, computed as tenant-context computes them for the real
// login page (ColorContrast and BrandPalette, WCAG 2.1 relative luminance and contrast ratio), so that the branding
// page's preview and its contrast warning show what the tenancy theme will render. Keep in step with those classes;
// src/test/js/portal/brand-palette.test.mjs holds values computed by the Java code.

export const WHITE = '#ffffff';
export const BLACK = '#000000';
/** The login card in light mode (PatternFly 5, keycloak.v2). */
export const LIGHT_BACKGROUND = WHITE;
/** The login card in dark mode (PatternFly 5 dark theme). */
export const DARK_BACKGROUND = '#26292d';
/** WCAG 1.4.3 (AA): normal text against its background. */
export const TEXT = 4.5;

const COLOR = /^#[0-9a-fA-F]{6}$/;

export function isColor (value) {
  return typeof value === 'string' && COLOR.test(value);
}

function rgb (color) {
  if (!isColor(color)) throw new Error('not a colour #rrggbb: ' + color);
  return [1, 3, 5].map(i => parseInt(color.slice(i, i + 2), 16));
}

function linear (channel) {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}

/** Relative luminance of #rrggbb: 0 for black, 1 for white. */
export function relativeLuminance (color) {
  const [r, g, b] = rgb(color);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** The contrast ratio of two colours, 1 to 21. */
export function contrastRatio (a, b) {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Black or white, whichever has the higher contrast with `background` (ties: black, as in Java). */
export function textOn (background) {
  return contrastRatio(background, BLACK) >= contrastRatio(background, WHITE) ? BLACK : WHITE;
}

// Java's Math.round: half up (towards positive infinity), which is what JavaScript's Math.round does too.
function mix (from, to, t) {
  return Math.round(from + (to - from) * t);
}

function hex (r, g, b) {
  return '#' + [r, g, b].map(v => v.toString(16).padStart(2, '0')).join('');
}

/** `color`, or the first 1 % step towards black/white that reaches `minimum` against `background`. */
export function shadeReaching (color, background, minimum) {
  const start = color.toLowerCase();
  rgb(start);
  if (contrastRatio(start, background) >= minimum) return start;
  const from = rgb(start);
  const to = rgb(textOn(background));
  for (let step = 1; step <= 100; step++) {
    const t = step / 100;
    const shade = hex(mix(from[0], to[0], t), mix(from[1], to[1], t), mix(from[2], to[2], t));
    if (contrastRatio(shade, background) >= minimum) return shade;
  }
  return textOn(background);
}

/**
 * The palette of a colour (BrandPalette.of): `primary` (fills), `onPrimary` (text on it), `accent` (text, links and
 * focus on the light card), `accentOnDark` (on the dark card); null for anything but #rrggbb.
 */
export function brandPalette (primary) {
  if (!isColor(primary)) return null;
  const color = primary.toLowerCase();
  return {
    primary: color,
    onPrimary: textOn(color),
    accent: shadeReaching(color, LIGHT_BACKGROUND, TEXT),
    accentOnDark: shadeReaching(color, DARK_BACKGROUND, TEXT)
  };
}
