// Page `#/t/{alias}/branding`: the tenant's branding (GET /{alias}; PUT /{alias} {"branding": {...}}, permission
// manage-policies, as TenantResource#update requires): display name, logo URL, primary colour, and a live preview of
// the tenancy login theme's card built from the same CSS variables as its template.ftl, with the colours
// tenant-context's BrandPalette derives (brand-palette.js). An iframe of the real login page is not used: it would
// show only the saved values, and it needs an authorization request of its own (a login flow per keystroke).
import {
  alertBox, button, clearFieldErrors, el, errorText, fieldOfDescription, formGroup, pageLead, showFieldError, textInput
} from './page-kit.js';
import { ensurePageStyles } from './page-styles.js';
import { LIGHT_BACKGROUND, TEXT, brandPalette, contrastRatio, isColor } from './brand-palette.js';

export const BRANDING_KEYS = ['display-name', 'logo-url', 'primary-color'];
/** Message keys of the fields' labels and help (literal keys: the bundle test reads them). */
const LABELS = { 'display-name': 'branding.field.displayName', 'logo-url': 'branding.field.logoUrl',
  'primary-color': 'branding.field.primaryColor' };
const HELP = { 'display-name': 'branding.help.displayName', 'logo-url': 'branding.help.logoUrl',
  'primary-color': 'branding.help.primaryColor' };
const DEFAULT_COLOR = '#0066cc';

/** The input id of a branding key: `branding-logo-url`. */
export function brandingInputId (key) {
  return 'branding-' + key;
}

/**
 * The branding key a 400 of PUT /{alias} concerns: the API names `branding.<key>` (Input.brandingValue) or, from the
 * organization's attribute check, `tenancy.branding.<key>` (TenantAttributeRules); null when it names neither.
 */
export function brandingErrorField (error) {
  if (!error) return null;
  const description = error.errorDescription || '';
  const own = fieldOfDescription(description, BRANDING_KEYS.map(k => 'branding.' + k));
  if (own) return { key: own.field.slice('branding.'.length), message: own.message };
  if (error.field && BRANDING_KEYS.includes(String(error.field).replace(/^branding\./, ''))) {
    return { key: String(error.field).replace(/^branding\./, ''), message: description };
  }
  for (const key of BRANDING_KEYS) {
    const at = description.indexOf('tenancy.branding.' + key + ': ');
    if (at >= 0) {
      const rest = description.slice(at + ('tenancy.branding.' + key + ': ').length);
      return { key, message: rest.split('; ')[0] };
    }
  }
  return null;
}

/** The body of PUT /{alias}: every branding key, an empty one as null (removed). */
export function brandingBody (values) {
  const branding = {};
  for (const key of BRANDING_KEYS) {
    const value = String(values[key] ?? '').trim();
    branding[key] = value === '' ? null : value;
  }
  return { branding };
}

export async function render (root, ctx) {
  const { t } = ctx;
  ensurePageStyles();
  root.append(pageLead(t('branding.lead')));
  if (!ctx.tenant || !ctx.can('manage-policies')) {
    root.append(alertBox('info', t('branding.noPermission')));
    return;
  }
  const alias = ctx.tenant.alias;
  const status = el('div', { class: 'portal-page-status' });
  root.append(status);
  let tenant;
  try {
    tenant = await ctx.api('GET', `/${encodeURIComponent(alias)}`);
  } catch (error) {
    status.append(alertBox('danger', t('branding.loadFailed'), errorText(error, t, 'branding.error')));
    return;
  }
  const branding = tenant.branding || {};
  const form = buildForm(t, branding);
  const preview = buildPreview(t);
  const contrast = el('div', { class: 'portal-contrast', 'aria-live': 'polite', id: 'branding-contrast' });
  root.append(el('div', { class: 'portal-branding' }, form,
    el('div', {}, el('h2', { class: 'pf-v5-c-title pf-m-lg', id: 'branding-preview-title' }, t('branding.preview.title')),
      preview, contrast)));

  const colorText = form.querySelector('#branding-primary-color');
  const colorPicker = form.querySelector('#branding-color-picker');
  const update = () => updatePreview(t, preview, contrast, readValues(form), tenant);
  colorPicker.addEventListener('input', () => { colorText.value = colorPicker.value; update(); });
  colorText.addEventListener('input', () => {
    if (isColor(colorText.value.trim())) colorPicker.value = colorText.value.trim().toLowerCase();
    update();
  });
  form.querySelector('#branding-display-name').addEventListener('input', update);
  form.querySelector('#branding-logo-url').addEventListener('input', update);
  update();

  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearFieldErrors(form);
    status.replaceChildren();
    const save = form.querySelector('[data-control="save-branding"]');
    save.disabled = true;
    try {
      tenant = await ctx.api('PUT', `/${encodeURIComponent(alias)}`, brandingBody(readValues(form))) || tenant;
      fill(form, tenant.branding || {});
      update();
      status.append(alertBox('success', t('branding.saved')));
      ctx.announce(t('branding.saved'));
    } catch (error) {
      const field = error && error.status === 400 ? brandingErrorField(error) : null;
      if (field && showFieldError(form, brandingInputId(field.key), field.message)) {
        status.append(alertBox('danger', t('branding.invalid')));
        form.querySelector('#' + brandingInputId(field.key)).focus();
      } else {
        status.append(alertBox('danger', t('branding.saveFailed'), errorText(error, t, 'branding.error')));
      }
    } finally {
      save.disabled = false;
    }
  });
}

function buildForm (t, branding) {
  const color = branding['primary-color'] || '';
  return el('form', { class: 'pf-v5-c-form portal-form', novalidate: true, 'aria-label': t('branding.formTitle') },
    formGroup({
      id: 'branding-display-name',
      label: t(LABELS['display-name']),
      helpers: [t(HELP['display-name'])],
      control: textInput({ id: 'branding-display-name', value: branding['display-name'] || '',
        control: 'branding-display-name', maxlength: '255', autocomplete: 'organization' })
    }),
    formGroup({
      id: 'branding-logo-url',
      label: t(LABELS['logo-url']),
      helpers: [t(HELP['logo-url'])],
      control: textInput({ id: 'branding-logo-url', type: 'url', value: branding['logo-url'] || '',
        control: 'branding-logo-url', maxlength: '1024', autocomplete: 'url', inputmode: 'url', spellcheck: 'false' })
    }),
    formGroup({
      id: 'branding-primary-color',
      label: t(LABELS['primary-color']),
      helpers: [t(HELP['primary-color'])],
      control: el('div', { class: 'portal-color' },
        el('input', { type: 'color', id: 'branding-color-picker', value: isColor(color) ? color.toLowerCase() : DEFAULT_COLOR,
          'data-control': 'branding-color-picker', 'aria-label': t('branding.colorPicker') }),
        textInput({ id: 'branding-primary-color', value: color, control: 'branding-primary-color', maxlength: '7',
          placeholder: '#rrggbb', autocomplete: 'off', spellcheck: 'false' }))
    }),
    el('div', { class: 'pf-v5-c-form__group pf-m-action' },
      el('div', { class: 'pf-v5-c-form__actions' },
        button({ text: t('branding.save'), control: 'save-branding', variant: 'primary', type: 'submit' }))));
}

function readValues (form) {
  return {
    'display-name': form.querySelector('#branding-display-name').value,
    'logo-url': form.querySelector('#branding-logo-url').value,
    'primary-color': form.querySelector('#branding-primary-color').value
  };
}

function fill (form, branding) {
  form.querySelector('#branding-display-name').value = branding['display-name'] || '';
  form.querySelector('#branding-logo-url').value = branding['logo-url'] || '';
  form.querySelector('#branding-primary-color').value = branding['primary-color'] || '';
  if (isColor(branding['primary-color'])) form.querySelector('#branding-color-picker').value = branding['primary-color'].toLowerCase();
}

/** The login card of the tenancy theme, not interactive (nothing in it takes focus or input). */
function buildPreview (t) {
  return el('figure', { class: 'tenancy-preview', 'aria-labelledby': 'branding-preview-title', 'data-preview': 'login' },
    el('div', { class: 'tenancy-preview-card' },
      el('p', { class: 'tenancy-preview-heading' },
        el('span', { class: 'tenancy-brand', 'data-preview-part': 'brand' },
          el('img', { class: 'tenancy-brand-logo', alt: '', hidden: true, 'data-preview-part': 'logo' }),
          el('span', { class: 'tenancy-brand-name', 'data-preview-part': 'name' })),
        el('span', { class: 'tenancy-preview-title' }, t('branding.preview.signIn'))),
      el('div', { class: 'tenancy-preview-field' },
        el('span', { class: 'tenancy-preview-label' }, t('branding.preview.username')),
        el('span', { class: 'tenancy-preview-input' }, 'name@example.com')),
      el('div', { class: 'tenancy-preview-field' },
        el('span', { class: 'tenancy-preview-label' }, t('branding.preview.password')),
        el('span', { class: 'tenancy-preview-input' }, '••••••••')),
      el('span', { class: 'tenancy-preview-link', 'data-preview-part': 'link' }, t('branding.preview.forgot')),
      el('span', { class: 'tenancy-preview-button', 'data-preview-part': 'button' }, t('branding.preview.button'))),
    el('figcaption', {}, t('branding.preview.caption')));
}

function updatePreview (t, preview, contrast, values, tenant) {
  const name = values['display-name'].trim() || tenant.name || tenant.alias;
  preview.querySelector('[data-preview-part="name"]').textContent = name;
  const logo = preview.querySelector('[data-preview-part="logo"]');
  const url = values['logo-url'].trim();
  // the theme shows only an https URL without quotes, spaces or angle brackets; so does the preview
  if (/^https:\/\/[^\s"'<>\\`]+$/i.test(url)) {
    if (logo.getAttribute('src') !== url) logo.setAttribute('src', url);
    logo.hidden = false;
  } else {
    logo.removeAttribute('src');
    logo.hidden = true;
  }
  const color = values['primary-color'].trim();
  const palette = brandPalette(isColor(color) ? color : DEFAULT_COLOR);
  preview.style.setProperty('--tenancy-primary', palette.primary);
  preview.style.setProperty('--tenancy-on-primary', palette.onPrimary);
  preview.style.setProperty('--tenancy-accent', palette.accent);
  preview.dataset.primary = palette.primary;
  preview.dataset.accent = palette.accent;
  preview.dataset.onPrimary = palette.onPrimary;
  contrast.replaceChildren(contrastNotice(t, color, palette));
}

/** What the login theme makes of the colour: a warning when it is adjusted for text, else a confirmation. */
function contrastNotice (t, color, palette) {
  if (color && !isColor(color)) {
    return alertBox('warning', t('branding.colorInvalid'));
  }
  if (!color) return el('p', {}, t('branding.colorDefault'));
  const ratio = contrastRatio(palette.primary, LIGHT_BACKGROUND);
  const swatches = el('ul', { class: 'portal-swatches' },
    swatch(t('branding.swatch.primary'), palette.primary),
    swatch(t('branding.swatch.onPrimary'), palette.onPrimary),
    swatch(t('branding.swatch.accent'), palette.accent));
  if (ratio < TEXT) {
    const notice = alertBox('warning', t('branding.contrastWarning', ratio.toFixed(2), palette.accent),
      t('branding.contrastWarningDetail', palette.onPrimary));
    return el('div', { 'data-contrast': 'adjusted' }, notice, swatches);
  }
  const ok = el('div', { 'data-contrast': 'ok' }, el('p', {}, t('branding.contrastOk', ratio.toFixed(2))), swatches);
  return ok;
}

function swatch (label, color) {
  const box = el('span', { class: 'portal-swatch', 'aria-hidden': 'true' });
  box.style.setProperty('background-color', color);
  return el('li', {}, box, `${label}: ${color}`);
}
