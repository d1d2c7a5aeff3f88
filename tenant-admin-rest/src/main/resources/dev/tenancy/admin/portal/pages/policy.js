// Page `#/t/{alias}/policy`: the tenant's security policy (GET|PUT /{alias}/policy, permission manage-policies).
// One typed input per policy key (policy-model.js), the realm's baseline beside each, the API's 400 reasons under the
// fields they concern (aria-invalid + aria-describedby, focus on the first), a success announcement.
import {
  alertBox, button, choice, clearFieldErrors, el, errorText, fieldsetGroup, formGroup, pageLead, selectInput,
  showFieldError, textInput
} from './page-kit.js';
import { ensurePageStyles } from './page-styles.js';
import {
  MFA_METHODS, MFA_METHOD_LABELS, MFA_REQUIREMENTS, MFA_REQUIREMENT_LABELS, POLICY_FIELDS, SECTION_TITLES, formValues,
  inputId, policyBody, policyFieldErrors, secondsText
} from './policy-model.js';

const SECTIONS = Object.keys(SECTION_TITLES);

export async function render (root, ctx) {
  const { t } = ctx;
  ensurePageStyles();
  root.append(pageLead(t('policy.lead', ctx.tenant?.name || ctx.tenant?.alias || '')));
  if (!ctx.tenant || !ctx.can('manage-policies')) {
    root.append(alertBox('info', t('policy.noPermission')));
    return;
  }
  const alias = ctx.tenant.alias;
  const status = el('div', { class: 'portal-page-status' });
  root.append(status);
  let loaded;
  try {
    loaded = await ctx.api('GET', `/${encodeURIComponent(alias)}/policy`);
  } catch (error) {
    status.append(alertBox('danger', t('policy.loadFailed'), errorText(error, t, 'policy.error')));
    return;
  }
  let stored = loaded.policy || {};
  const realm = loaded.realm || {};
  const form = buildForm(t, realm, formValues(stored));
  root.append(form);

  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearFieldErrors(form);
    status.replaceChildren();
    const saveButton = form.querySelector('[data-control="save-policy"]');
    saveButton.disabled = true;
    try {
      const answer = await ctx.api('PUT', `/${encodeURIComponent(alias)}/policy`, policyBody(readValues(form), stored));
      stored = answer?.policy || {};
      fill(form, formValues(stored));
      status.append(alertBox('success', t('policy.saved')));
      ctx.announce(t('policy.saved'));
    } catch (error) {
      showErrors(form, status, t, error);
    } finally {
      saveButton.disabled = false;
    }
  });
}

function buildForm (t, realm, values) {
  const form = el('form', { class: 'pf-v5-c-form portal-form', novalidate: true, 'aria-label': t('policy.formTitle') });
  for (const section of SECTIONS) {
    const fields = POLICY_FIELDS.filter(f => f.section === section);
    form.append(el('section', { class: 'pf-v5-c-form__section portal-form-section', 'aria-labelledby': `policy-section-${section}` },
      el('h2', { class: 'pf-v5-c-form__section-title', id: `policy-section-${section}` }, t(SECTION_TITLES[section])),
      fields.map(field => fieldElement(t, field, realm, values[field.key]))));
  }
  form.append(el('div', { class: 'pf-v5-c-form__group pf-m-action' },
    el('div', { class: 'pf-v5-c-form__actions' },
      button({ text: t('policy.save'), control: 'save-policy', variant: 'primary', type: 'submit' }))));
  return form;
}

function fieldElement (t, field, realm, value) {
  const id = inputId(field.key);
  const label = t(field.label);
  const baseline = baselineText(t, field, realm);
  switch (field.type) {
    case 'mfa':
      // a select, not radios: one Tab stop, and its options are read with the label
      return formGroup({
        id,
        label,
        helpers: [t(field.help), baseline],
        control: selectInput({ id, value, control: 'policy-mfa',
          options: MFA_REQUIREMENTS.map(requirement => ({ value: requirement, label: t(MFA_REQUIREMENT_LABELS[requirement]) })) })
      });
    case 'methods':
      return fieldsetGroup({
        id,
        legend: label,
        helpers: [t(field.help), baseline],
        controls: MFA_METHODS.map(method => choice({
          id: `${id}-${method}`, name: id, value: method, label: t(MFA_METHOD_LABELS[method]),
          checked: value.includes(method), control: `policy-method-${method}`
        }))
      });
    case 'boolean':
      return checkGroup({ id, label, checked: value, helpers: [t(field.help), baseline] });
    case 'domains':
      return formGroup({
        id,
        label,
        helpers: [t(field.help, field.max), baseline],
        control: el('span', { class: 'pf-v5-c-form-control' },
          el('textarea', { id, name: id, rows: '3', 'data-control': `policy-${field.key}`, autocomplete: 'off',
            spellcheck: 'false' }, value))
      });
    default: {
      const range = field.type === 'seconds'
        ? t('policy.range.seconds', field.min, field.max)
        : t('policy.range', field.min, field.max);
      return formGroup({
        id,
        label,
        helpers: [t(field.help), range, baseline],
        control: textInput({ id, type: 'number', value, control: `policy-${field.key}`, min: field.min, max: field.max, narrow: true,
          step: '1', inputmode: 'numeric' })
      });
    }
  }
}

/** A check box with its label, helper lines and an error line (ids as formGroup's, so showFieldError finds them). */
function checkGroup ({ id, label, checked, helpers }) {
  const helperItems = helpers.filter(Boolean).map((text, i) =>
    el('div', { class: 'pf-v5-c-helper-text__item', id: `${id}-help-${i}` },
      el('span', { class: 'pf-v5-c-helper-text__item-text' }, text)));
  const input = el('input', { class: 'pf-v5-c-check__input', type: 'checkbox', id, name: id, checked,
    'data-control': `policy-${id.slice('policy-'.length)}`, 'aria-describedby': helperItems.map(h => h.id).join(' ') || null });
  return el('div', { class: 'pf-v5-c-form__group', 'data-field-group': id },
    el('div', { class: 'pf-v5-c-form__group-control' },
      el('div', { class: 'pf-v5-c-check' }, input, el('label', { class: 'pf-v5-c-check__label', for: id }, label)),
      el('div', { class: 'pf-v5-c-form__helper-text' },
        el('div', { class: 'pf-v5-c-helper-text' }, helperItems,
          el('div', { class: 'pf-v5-c-helper-text__item pf-m-error', id: `${id}-error`, hidden: true },
            el('span', { class: 'pf-v5-c-helper-text__item-text' }))))));
}

/** What the realm already demands for this key, to be read beside the tenant's value. */
export function baselineText (t, field, realm) {
  const value = field.baseline ? realm[field.baseline] : undefined;
  if (!field.baseline) return t('policy.baseline.noRealmRule');
  if (field.type === 'boolean') return value ? t('policy.baseline.required') : t('policy.baseline.none');
  if (!value) return t('policy.baseline.none');
  const shown = field.type === 'seconds' ? secondsText(value) : String(value);
  return field.bound === 'max' ? t('policy.baseline.atMost', shown) : t('policy.baseline.atLeast', shown);
}

function readValues (form) {
  const values = {};
  for (const field of POLICY_FIELDS) {
    const id = inputId(field.key);
    switch (field.type) {
      case 'mfa':
        values[field.key] = form.querySelector(`#${id}`).value || 'off';
        break;
      case 'methods':
        values[field.key] = [...form.querySelectorAll(`input[name="${id}"]:checked`)].map(i => i.value);
        break;
      case 'boolean':
        values[field.key] = form.querySelector(`#${id}`).checked;
        break;
      default:
        values[field.key] = form.querySelector(`#${id}`).value;
    }
  }
  return values;
}

function fill (form, values) {
  for (const field of POLICY_FIELDS) {
    const id = inputId(field.key);
    const value = values[field.key];
    switch (field.type) {
      case 'mfa':
        form.querySelector(`#${id}`).value = value;
        break;
      case 'methods':
        for (const input of form.querySelectorAll(`input[name="${id}"]`)) {
          input.checked = Array.isArray(value) ? value.includes(input.value) : input.value === value;
        }
        break;
      case 'boolean':
        form.querySelector(`#${id}`).checked = value;
        break;
      default:
        form.querySelector(`#${id}`).value = value;
    }
  }
}

function showErrors (form, status, t, error) {
  const byField = error && error.status === 400 ? policyFieldErrors(error) : {};
  const shown = [];
  const elsewhere = [];
  for (const [key, reason] of Object.entries(byField)) {
    if (POLICY_FIELDS.some(f => f.key === key) && showFieldError(form, inputId(key), reason)) shown.push(key);
    else elsewhere.push(`${key}: ${reason}`);
  }
  if (!shown.length) {
    status.append(alertBox('danger', t('policy.saveFailed'), elsewhere.join('; ') || errorText(error, t, 'policy.error')));
    return;
  }
  status.append(alertBox('danger', t('policy.invalid', shown.length), elsewhere.join('; ') || null));
  const first = POLICY_FIELDS.find(f => shown.includes(f.key));
  const target = form.querySelector(`#${inputId(first.key)}`);
  (target.matches('fieldset') ? target.querySelector('input') : target).focus();
}
