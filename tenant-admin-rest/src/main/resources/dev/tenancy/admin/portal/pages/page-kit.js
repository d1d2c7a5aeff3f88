// Small DOM helpers shared by the policy, branding, audit and realm-admin pages: elements with PatternFly 5 classes
// (as Keycloak serves them), labelled form fields whose errors are linked to their inputs, alerts, and the error
// text of an ApiError. No state: every page builds its own DOM into the root it is given.

/**
 * An element: `el('button', {class: 'pf-v5-c-button', type: 'submit', onclick: f}, 'Save')`. Attributes whose value
 * is null, undefined or false are left out; `on<event>` attributes become listeners; children may be strings, nodes,
 * arrays of them, or null (skipped). Text is always set as text, never as HTML.
 */
export function el (tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'value' || name === 'checked' || name === 'disabled' || name === 'selected') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append (parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) {
      append(parent, child);
    } else {
      parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

/** The page's lead paragraph, under the heading (h1) the shell renders for the route. */
export function pageLead (lead) {
  return el('div', { class: 'pf-v5-c-content portal-page-header' }, el('p', {}, lead));
}

/**
 * An inline PatternFly alert. `kind`: info, success, warning or danger. Danger alerts are announced at once
 * (role=alert); the others are plain text (ctx.announce speaks for successes).
 */
export function alertBox (kind, title, text) {
  return el('div', { class: `pf-v5-c-alert pf-m-inline pf-m-${kind}`, role: kind === 'danger' ? 'alert' : null },
    el('p', { class: 'pf-v5-c-alert__title' }, title),
    text ? el('div', { class: 'pf-v5-c-alert__description' }, el('p', {}, text)) : null);
}

/**
 * A form group: label (for=id), the control, optional helper lines (each gets an id and is listed in the control's
 * aria-describedby), and an error line (hidden until {@link showFieldError}).
 */
export function formGroup ({ id, label, control, helpers = [], required = false }) {
  const helperItems = helpers.filter(Boolean).map((text, i) =>
    el('div', { class: 'pf-v5-c-helper-text__item', id: `${id}-help-${i}` },
      el('span', { class: 'pf-v5-c-helper-text__item-text' }, text)));
  const error = el('div', { class: 'pf-v5-c-helper-text__item pf-m-error', id: `${id}-error`, hidden: true },
    el('span', { class: 'pf-v5-c-helper-text__item-text' }));
  describe(control, helperItems.map(h => h.id));
  return el('div', { class: 'pf-v5-c-form__group', 'data-field-group': id },
    el('div', { class: 'pf-v5-c-form__group-label' },
      el('label', { class: 'pf-v5-c-form__label', for: id },
        el('span', { class: 'pf-v5-c-form__label-text' }, label),
        required ? el('span', { class: 'pf-v5-c-form__label-required', 'aria-hidden': 'true' }, ' *') : null)),
    el('div', { class: 'pf-v5-c-form__group-control' }, control,
      el('div', { class: 'pf-v5-c-form__helper-text', 'aria-live': 'off' },
        el('div', { class: 'pf-v5-c-helper-text' }, helperItems, error))));
}

/** A group of check boxes or radios under a legend (fieldset), with helpers and an error line like {@link formGroup}. */
export function fieldsetGroup ({ id, legend, controls, helpers = [] }) {
  const helperItems = helpers.filter(Boolean).map((text, i) =>
    el('div', { class: 'pf-v5-c-helper-text__item', id: `${id}-help-${i}` },
      el('span', { class: 'pf-v5-c-helper-text__item-text' }, text)));
  const error = el('div', { class: 'pf-v5-c-helper-text__item pf-m-error', id: `${id}-error`, hidden: true },
    el('span', { class: 'pf-v5-c-helper-text__item-text' }));
  const fieldset = el('fieldset', { class: 'pf-v5-c-form__fieldset portal-fieldset', id, tabindex: '-1',
    'aria-describedby': helperItems.map(h => h.id).join(' ') || null, 'data-field-group': id },
  el('legend', { class: 'pf-v5-c-form__label' }, el('span', { class: 'pf-v5-c-form__label-text' }, legend)),
  el('div', { class: 'pf-v5-c-form__group-control portal-choices' }, controls),
  el('div', { class: 'pf-v5-c-form__helper-text' }, el('div', { class: 'pf-v5-c-helper-text' }, helperItems, error)));
  return el('div', { class: 'pf-v5-c-form__group' }, fieldset);
}

/** One check box or radio with its label. */
export function choice ({ id, type = 'checkbox', name, value, label, checked = false, control }) {
  return el('div', { class: type === 'radio' ? 'pf-v5-c-radio' : 'pf-v5-c-check' },
    el('input', { class: type === 'radio' ? 'pf-v5-c-radio__input' : 'pf-v5-c-check__input', type, id, name, value,
      checked, 'data-control': control }),
    el('label', { class: type === 'radio' ? 'pf-v5-c-radio__label' : 'pf-v5-c-check__label', for: id }, label));
}

/** A text-like input in PatternFly's form-control wrapper; returns the wrapper (the input is its first child). */
export function textInput ({ id, type = 'text', value = '', control, required = false, narrow = false, ...rest }) {
  return el('span', { class: 'pf-v5-c-form-control' + (required ? ' pf-m-required' : '') + (narrow ? ' portal-narrow' : '') },
    el('input', { id, name: id, type, value, 'data-control': control, required, 'aria-required': required ? 'true' : null,
      ...rest }));
}

/** A select in PatternFly's form-control wrapper; `options`: [{value, label}]. */
export function selectInput ({ id, value = '', options, control }) {
  return el('span', { class: 'pf-v5-c-form-control' },
    el('select', { id, name: id, 'data-control': control },
      options.map(o => el('option', { value: o.value, selected: o.value === value }, o.label))),
    el('span', { class: 'pf-v5-c-form-control__utilities' },
      el('span', { class: 'pf-v5-c-form-control__toggle-icon' },
        el('i', { class: 'fas fa-caret-down', 'aria-hidden': 'true' }))));
}

/** A PatternFly button; `variant`: primary, secondary, link, danger, plain. */
export function button ({ text, control, variant = 'secondary', type = 'button', onclick, disabled = false, label }) {
  return el('button', { class: `pf-v5-c-button pf-m-${variant}`, type, 'data-control': control, onclick, disabled,
    'aria-label': label }, text);
}

/** The input, select or fieldset a field id names. */
export function fieldControl (root, id) {
  return root.querySelector(`#${cssEscape(id)}`);
}

/**
 * Shows `message` under the field `id`: the message line appears, the control gets aria-invalid and lists the
 * message in aria-describedby (so a screen reader reads it with the field).
 */
export function showFieldError (root, id, message) {
  const control = fieldControl(root, id);
  const error = root.querySelector(`#${cssEscape(id)}-error`);
  if (!control || !error) return false;
  error.querySelector('.pf-v5-c-helper-text__item-text').textContent = message;
  error.hidden = false;
  describe(control, [error.id]);
  // a fieldset (role group) takes no aria-invalid: its inputs do
  for (const input of control.matches('fieldset') ? control.querySelectorAll('input') : [control]) {
    input.setAttribute('aria-invalid', 'true');
  }
  control.closest('.pf-v5-c-form-control')?.classList.add('pf-m-error');
  return true;
}

/** Removes every field error shown in `root`. */
export function clearFieldErrors (root) {
  for (const error of root.querySelectorAll('.pf-v5-c-helper-text__item.pf-m-error')) {
    error.hidden = true;
    error.querySelector('.pf-v5-c-helper-text__item-text').textContent = '';
  }
  for (const control of root.querySelectorAll('[aria-invalid="true"], [aria-describedby*="-error"]')) {
    control.removeAttribute('aria-invalid');
    const ids = (control.getAttribute('aria-describedby') || '').split(/\s+/).filter(i => i && !i.endsWith('-error'));
    if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
    else control.removeAttribute('aria-describedby');
    control.closest('.pf-v5-c-form-control')?.classList.remove('pf-m-error');
  }
}

function describe (control, ids) {
  if (!control || !ids.length) return;
  const target = control.matches('input, select, textarea, fieldset')
    ? control : control.querySelector('input, select, textarea');
  if (!target) return;
  const current = (target.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  target.setAttribute('aria-describedby', [...new Set([...current, ...ids])].join(' '));
}

function cssEscape (id) {
  return globalThis.CSS?.escape ? CSS.escape(id) : id.replace(/[^a-zA-Z0-9_-]/g, c => `\\${c}`);
}

/** The text of a failed call for the user: the API's description when it gave one, else the generic message. */
export function errorText (error, t, genericKey) {
  if (error && error.errorDescription) return error.errorDescription;
  return t(genericKey, error && error.status ? String(error.status) : '');
}

/**
 * The field a 400 names and the rest of its description: the tenant API writes `field: problem` (Input.invalid),
 * e.g. `branding.logo-url: must be an absolute https:// URL ...`. Returns {field, message} or null when the
 * description does not start with one of `knownFields`.
 */
export function fieldOfDescription (description, knownFields) {
  if (typeof description !== 'string') return null;
  for (const field of [...knownFields].sort((a, b) => b.length - a.length)) {
    if (description.startsWith(field + ': ')) {
      return { field, message: description.slice(field.length + 2) };
    }
  }
  return null;
}
