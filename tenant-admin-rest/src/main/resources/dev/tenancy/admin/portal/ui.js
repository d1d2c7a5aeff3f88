/*
 * DOM helpers of the portal's pages, all with PatternFly 5 classes as Keycloak ships them. Text is always set as
 * text (never parsed as HTML), so API data cannot inject markup.
 */

/**
 * h('button', {class: 'pf-v5-c-button', dataset: {control: 'remove'}, onclick}, 'text', child, ...): an element.
 * Attributes: class, dataset, on<event> (listeners), boolean true/false, anything else as an attribute.
 */
export function h (tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append (element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

let ids = 0;
/** A new id for label/aria references. */
export function uid (prefix = 'portal') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A PatternFly button: variant primary|secondary|tertiary|danger|link|plain; `control` becomes data-control. */
export function button (label, { variant = 'secondary', control, onClick, type = 'button', ariaLabel, disabled } = {}) {
  return h('button', {
    type,
    class: `pf-v5-c-button pf-m-${variant}`,
    dataset: control ? { control } : undefined,
    'aria-label': ariaLabel,
    disabled: disabled || undefined,
    onclick: onClick
  }, label);
}

/** An inline alert: variant success|danger|info|warning. */
export function alert (variant, title, detail) {
  return h('div', { class: `pf-v5-c-alert pf-m-inline pf-m-${variant}`, role: variant === 'danger' ? 'alert' : 'status' },
    h('p', { class: 'pf-v5-c-alert__title' }, title),
    detail ? h('div', { class: 'pf-v5-c-alert__description' }, h('p', {}, detail)) : null);
}

/** An error of the API (ApiError) or of the session, as a danger alert naming what failed. */
export function errorAlert (t, error, what) {
  const detail = error?.errorDescription || error?.description || error?.message || String(error);
  return alert('danger', what || t('common.error'), detail);
}

/** A form group: label, control, optional helper text (and an error text when given). */
export function field (label, control, { helper, error, required } = {}) {
  // control: the form element itself, or PatternFly's wrapper around it (the label must point at the element)
  const input = control.matches('input, select, textarea') ? control : control.querySelector('input, select, textarea');
  const id = input.id || uid('field');
  input.id = id;
  const helperId = helper || error ? `${id}-helper` : null;
  if (helperId) input.setAttribute('aria-describedby', helperId);
  else input.removeAttribute('aria-describedby');
  if (error) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
  return h('div', { class: 'pf-v5-c-form__group' },
    h('div', { class: 'pf-v5-c-form__group-label' },
      h('label', { class: 'pf-v5-c-form__label', for: id },
        h('span', { class: 'pf-v5-c-form__label-text' }, label),
        required ? h('span', { class: 'pf-v5-c-form__label-required', 'aria-hidden': 'true' }, ' *') : null)),
    h('div', { class: 'pf-v5-c-form__group-control' }, control,
      helperId ? h('div', { class: 'pf-v5-c-form__helper-text', id: helperId, 'aria-live': 'polite' },
        h('div', { class: 'pf-v5-c-helper-text' },
          h('div', { class: `pf-v5-c-helper-text__item${error ? ' pf-m-error' : ''}` },
            h('span', { class: 'pf-v5-c-helper-text__item-text' }, error || helper)))) : null));
}

/** A text input in PatternFly's form-control wrapper; returns {wrapper, input}. */
export function textInput ({ type = 'text', name, value = '', control, required, autocomplete, placeholder } = {}) {
  const input = h('input', {
    type, name, value, required: required || undefined, autocomplete, placeholder,
    dataset: control ? { control } : undefined
  });
  input.value = value;
  return { wrapper: h('span', { class: 'pf-v5-c-form-control' }, input), input };
}

/** A select in PatternFly's form-control wrapper: options [{value, label}]; returns {wrapper, select}. */
export function selectInput ({ name, options, value, control } = {}) {
  const select = h('select', { name, dataset: control ? { control } : undefined },
    options.map(o => h('option', { value: o.value, selected: o.value === value || undefined }, o.label)));
  return { wrapper: h('span', { class: 'pf-v5-c-form-control' }, select), select };
}

/** A compact PatternFly table: headers (strings), rows (arrays of cells: text or nodes), caption for screen readers. */
export function table (caption, headers, rows, { control } = {}) {
  return h('table', { class: 'pf-v5-c-table pf-m-grid-md pf-m-compact', role: 'grid', dataset: control ? { control } : undefined },
    h('caption', { class: 'pf-v5-screen-reader' }, caption),
    h('thead', {}, h('tr', {}, headers.map(text => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, rows.map(cells => h('tr', {}, cells.map((cell, i) => h('td', { dataset: { label: headers[i] } }, cell))))));
}

/** An empty state: a title and a text. */
export function empty (title, text) {
  return h('div', { class: 'pf-v5-c-empty-state pf-m-sm' },
    h('div', { class: 'pf-v5-c-empty-state__content' },
      h('div', { class: 'pf-v5-c-empty-state__header' },
        h('div', { class: 'pf-v5-c-empty-state__title' }, h('h2', { class: 'pf-v5-c-empty-state__title-text' }, title))),
      text ? h('div', { class: 'pf-v5-c-empty-state__body' }, text) : null));
}

/** A label (PatternFly chip-like tag). */
export function label (text, color) {
  return h('span', { class: `pf-v5-c-label${color ? ` pf-m-${color}` : ''}` },
    h('span', { class: 'pf-v5-c-label__content' }, h('span', { class: 'pf-v5-c-label__text' }, text)));
}

/**
 * A modal dialog (native <dialog> opened with showModal: the rest of the page is inert, Tab stays inside, Escape
 * closes it). `content(close)` builds the body; `actions` are buttons. Focus returns to the opener when it closes.
 * Resolves with the value passed to close() (undefined on Escape/cancel).
 */
export function dialog ({ title, content, actions = () => [], control, t }) {
  return new Promise(resolve => {
    const opener = document.activeElement;
    const titleId = uid('dialog-title');
    const node = h('dialog', { class: 'pf-v5-c-modal-box pf-m-sm portal-dialog', 'aria-labelledby': titleId,
      dataset: control ? { control } : undefined });
    let settled = false;
    const close = value => {
      if (settled) return;
      settled = true;
      node.close();
      node.remove();
      if (opener && document.contains(opener)) opener.focus();
      resolve(value);
    };
    const closeButton = h('button', { type: 'button', class: 'pf-v5-c-button pf-m-plain', 'aria-label': t('common.close'),
      dataset: { control: 'dialog-close' }, onclick: () => close(undefined) }, '\u00d7');
    node.append(
      h('div', { class: 'pf-v5-c-modal-box__close' }, closeButton),
      h('header', { class: 'pf-v5-c-modal-box__header' },
        h('h2', { class: 'pf-v5-c-modal-box__title', id: titleId }, title)),
      h('div', { class: 'pf-v5-c-modal-box__body' }, content(close)),
      h('footer', { class: 'pf-v5-c-modal-box__footer' }, actions(close)));
    node.addEventListener('cancel', event => { event.preventDefault(); close(undefined); });
    node.addEventListener('keydown', event => trapTab(event, node));
    document.body.append(node);
    node.showModal();
    const first = node.querySelector('input, select, textarea') || node.querySelector('footer button');
    (first || closeButton).focus();
  });
}

/** Keeps Tab and Shift+Tab inside the dialog (showModal makes the page inert; this also skips the browser's UI). */
function trapTab (event, node) {
  if (event.key !== 'Tab') return;
  const focusable = [...node.querySelectorAll('a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled])')]
    .filter(e => e.getClientRects().length > 0);
  if (!focusable.length) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

/** A yes/no dialog; resolves true when confirmed. */
export function confirm ({ t, title, text, confirmLabel, control, danger = true }) {
  return dialog({
    t,
    title,
    control,
    content: () => h('p', {}, text),
    actions: close => [
      button(confirmLabel, { variant: danger ? 'danger' : 'primary', control: 'confirm', onClick: () => close(true) }),
      button(t('common.cancel'), { variant: 'link', control: 'cancel', onClick: () => close(false) })
    ]
  }).then(value => value === true);
}
