// The branding page's colour maths equals tenant-context's (ColorContrast, BrandPalette): the expected values below
// were computed by the Java classes, so the preview and the warning show what the login theme renders.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const { brandPalette, contrastRatio, isColor, textOn, DARK_BACKGROUND } = await import(
  '../../../main/resources/dev/tenancy/admin/portal/pages/brand-palette.js');

const JAVA = [
  // colour, onPrimary, accent (white card), accentOnDark, ratio on white
  ['#b3261e', '#ffffff', '#b3261e', '#cf7671', 6.536488984854359],
  ['#f5c518', '#000000', '#8e720e', '#f5c518', 1.6301581137025196],
  ['#0066cc', '#ffffff', '#0066cc', '#4d94db', 5.566637067604819],
  ['#ffffff', '#000000', '#757575', '#ffffff', 1.0],
  ['#000000', '#ffffff', '#000000', '#8f8f8f', 21.0],
  ['#777777', '#000000', '#767676', '#8f8f8f', 4.478089453577214],
  ['#00ff00', '#000000', '#008a00', '#00ff00', 1.3721902770517513],
  ['#ff0000', '#000000', '#ed0000', '#ff4f4f', 3.9984767707539985],
  ['#123456', '#ffffff', '#123456', '#7f91a4', 12.717304079982272]
];

test('the palette of each colour is the one BrandPalette.of computes', () => {
  for (const [color, onPrimary, accent, accentOnDark, ratio] of JAVA) {
    assert.deepEqual(brandPalette(color), { primary: color, onPrimary, accent, accentOnDark }, color);
    assert.ok(Math.abs(contrastRatio(color, '#ffffff') - ratio) < 1e-12, color);
  }
});

test('upper-case input gives the lower-case palette; anything but #rrggbb gives none', () => {
  assert.equal(brandPalette('#B3261E').primary, '#b3261e');
  for (const bad of ['', '#fff', 'b3261e', '#b3261e ', 'red', null, undefined, '#gggggg']) {
    assert.equal(brandPalette(bad), null, String(bad));
    assert.equal(isColor(bad), false, String(bad));
  }
});

test('every accent reaches 4.5:1 on its card, and text on the colour at least 4.5:1', () => {
  for (let i = 0; i < 4096; i += 7) {
    const color = '#' + [i >> 8, (i >> 4) & 15, i & 15].map(n => (n * 17).toString(16).padStart(2, '0')).join('');
    const palette = brandPalette(color);
    assert.ok(contrastRatio(palette.accent, '#ffffff') >= 4.5, color);
    assert.ok(contrastRatio(palette.accentOnDark, DARK_BACKGROUND) >= 4.5, color);
    assert.ok(contrastRatio(palette.onPrimary, color) >= 4.5, color);
    assert.equal(palette.onPrimary, textOn(color));
  }
});
