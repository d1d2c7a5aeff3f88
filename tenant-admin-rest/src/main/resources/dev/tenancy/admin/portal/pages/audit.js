// Page `#/t/{alias}/audit`: the tenant's audit log (GET /{alias}/events, permission view-audit), filtered by kind
// (admin or user events), exact type and a date range (the API's `type`, `dateFrom`, `dateTo`, YYYY-MM-DD), newest
// first, paged with first/max (one event more than a page is asked for, to know whether a next page exists).
import {
  alertBox, button, clearFieldErrors, el, errorText, fieldOfDescription, formGroup, pageLead, selectInput,
  showFieldError, textInput
} from './page-kit.js';
import { ensurePageStyles } from './page-styles.js';

export const PAGE_SIZE = 20;
export const KINDS = ['admin', 'user'];
/** Suggestions for the type filter: Keycloak's admin operation types, and the event types the pack records. */
export const TYPE_SUGGESTIONS = {
  admin: ['CREATE', 'UPDATE', 'DELETE', 'ACTION'],
  user: ['LOGIN', 'LOGIN_ERROR', 'CODE_TO_TOKEN', 'CODE_TO_TOKEN_ERROR', 'REFRESH_TOKEN', 'REFRESH_TOKEN_ERROR',
    'TOKEN_EXCHANGE', 'LOGOUT', 'REGISTER', 'INVITE_ORG']
};
/** Message keys (literal: the bundle test reads them). */
const KIND_LABELS = { admin: 'audit.kind.admin', user: 'audit.kind.user' };
const COLUMN_LABELS = { time: 'audit.column.time', type: 'audit.column.type', resource: 'audit.column.resource',
  client: 'audit.column.client', user: 'audit.column.user', ip: 'audit.column.ip', details: 'audit.column.details' };
const FILTER_FIELDS = { kind: 'audit-kind', type: 'audit-type', dateFrom: 'audit-date-from', dateTo: 'audit-date-to' };

/**
 * The query of GET /{alias}/events for a filter and a page: empty filters are left out, the type is upper-cased
 * and trimmed (Keycloak's types are upper case), `max` is one more than the page to detect a next page.
 */
export function eventsQuery (filter, first, pageSize = PAGE_SIZE) {
  const params = new URLSearchParams();
  params.set('kind', KINDS.includes(filter.kind) ? filter.kind : 'admin');
  const type = String(filter.type || '').trim().toUpperCase();
  if (type) params.set('type', type);
  if (filter.dateFrom) params.set('dateFrom', filter.dateFrom);
  if (filter.dateTo) params.set('dateTo', filter.dateTo);
  params.set('first', String(Math.max(0, first)));
  params.set('max', String(pageSize + 1));
  return params.toString();
}

/** The filter field a 400 names (`dateFrom: must be YYYY-MM-DD`), or null. */
export function auditErrorField (error) {
  if (!error) return null;
  const named = fieldOfDescription(error.errorDescription, Object.keys(FILTER_FIELDS));
  if (named) return named;
  if (error.field && FILTER_FIELDS[error.field]) return { field: error.field, message: error.errorDescription || '' };
  return null;
}

export async function render (root, ctx) {
  const { t } = ctx;
  ensurePageStyles();
  root.append(pageLead(t('audit.lead')));
  if (!ctx.tenant || !ctx.can('view-audit')) {
    root.append(alertBox('info', t('audit.noPermission')));
    return;
  }
  const alias = ctx.tenant.alias;
  let filter = { kind: 'admin', type: '', dateFrom: '', dateTo: '' };
  let first = 0;

  const form = buildFilters(t);
  const status = el('div', { class: 'portal-page-status' });
  const heading = el('h2', { class: 'pf-v5-c-title pf-m-lg', id: 'audit-results-title', tabindex: '-1' }, t('audit.results'));
  const results = el('div', { id: 'audit-results' });
  const range = el('span', { id: 'audit-range', 'aria-live': 'polite' });
  const previous = button({ text: t('audit.previous'), control: 'audit-previous', onclick: () => go(first - PAGE_SIZE) });
  const next = button({ text: t('audit.next'), control: 'audit-next', onclick: () => go(first + PAGE_SIZE) });
  const pagination = el('nav', { class: 'portal-pagination', 'aria-label': t('audit.pagination') }, previous, range, next);
  root.append(form, status, heading, results, pagination);

  const kindSelect = form.querySelector('#audit-kind');
  const typeList = form.querySelector('#audit-type-suggestions');
  const suggest = () => typeList.replaceChildren(...TYPE_SUGGESTIONS[kindSelect.value].map(v => el('option', { value: v })));
  kindSelect.addEventListener('change', suggest);
  suggest();

  form.addEventListener('submit', event => {
    event.preventDefault();
    filter = {
      kind: kindSelect.value,
      type: form.querySelector('#audit-type').value,
      dateFrom: form.querySelector('#audit-date-from').value.trim(),
      dateTo: form.querySelector('#audit-date-to').value.trim()
    };
    go(0);
  });

  async function go (newFirst) {
    clearFieldErrors(form);
    status.replaceChildren();
    const refocus = document.activeElement === previous || document.activeElement === next;
    previous.disabled = true;
    next.disabled = true;
    let events;
    try {
      events = await ctx.api('GET', `/${encodeURIComponent(alias)}/events?${eventsQuery(filter, newFirst)}`) || [];
    } catch (error) {
      const field = error && error.status === 400 ? auditErrorField(error) : null;
      if (field && showFieldError(form, FILTER_FIELDS[field.field], field.message)) {
        status.append(alertBox('danger', t('audit.invalid')));
        form.querySelector('#' + FILTER_FIELDS[field.field]).focus();
      } else {
        status.append(alertBox('danger', t('audit.loadFailed'), errorText(error, t, 'audit.error')));
      }
      previous.disabled = first === 0;
      next.disabled = true;
      return;
    }
    first = newFirst;
    const page = events.slice(0, PAGE_SIZE);
    results.dataset.query = eventsQuery(filter, first);
    results.replaceChildren(page.length ? table(t, filter.kind, page) : emptyState(t, first));
    previous.disabled = first === 0;
    next.disabled = events.length <= PAGE_SIZE;
    range.textContent = page.length ? t('audit.range', first + 1, first + page.length) : '';
    // a paging button that just got disabled would drop the keyboard focus to the page's start
    if (refocus && document.activeElement?.disabled !== false) heading.focus();
  }

  await go(0);
}

function buildFilters (t) {
  return el('form', { class: 'pf-v5-c-form portal-toolbar', novalidate: true, role: 'search', 'aria-label': t('audit.filters') },
    formGroup({
      id: 'audit-kind',
      label: t('audit.field.kind'),
      control: selectInput({ id: 'audit-kind', value: 'admin', control: 'audit-kind',
        options: KINDS.map(k => ({ value: k, label: t(KIND_LABELS[k]) })) })
    }),
    formGroup({
      id: 'audit-type',
      label: t('audit.field.type'),
      helpers: [t('audit.help.type')],
      control: el('span', {}, textInput({ id: 'audit-type', control: 'audit-type', list: 'audit-type-suggestions',
        autocomplete: 'off', spellcheck: 'false' }), el('datalist', { id: 'audit-type-suggestions' }))
    }),
    formGroup({
      id: 'audit-date-from',
      label: t('audit.field.dateFrom'),
      helpers: [t('audit.help.date')],
      control: textInput({ id: 'audit-date-from', control: 'audit-date-from', placeholder: 'YYYY-MM-DD', maxlength: '10',
        inputmode: 'numeric', autocomplete: 'off', pattern: '\\d{4}-\\d{2}-\\d{2}' })
    }),
    formGroup({
      id: 'audit-date-to',
      label: t('audit.field.dateTo'),
      helpers: [t('audit.help.date')],
      control: textInput({ id: 'audit-date-to', control: 'audit-date-to', placeholder: 'YYYY-MM-DD', maxlength: '10',
        inputmode: 'numeric', autocomplete: 'off', pattern: '\\d{4}-\\d{2}-\\d{2}' })
    }),
    el('div', { class: 'pf-v5-c-form__group pf-m-action' },
      button({ text: t('audit.apply'), control: 'audit-apply', variant: 'primary', type: 'submit' })));
}

function table (t, kind, events) {
  const format = new Intl.DateTimeFormat(document.documentElement.lang || undefined,
    { dateStyle: 'medium', timeStyle: 'medium' });
  const headers = ['time', 'type', kind === 'admin' ? 'resource' : 'client', 'user', 'ip', 'details'];
  return el('div', { class: 'portal-table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'audit-results-title' },
    el('table', { class: 'pf-v5-c-table pf-m-compact pf-m-grid-md portal-table', 'data-audit-kind': kind },
      el('caption', { class: 'pf-v5-screen-reader' }, t(KIND_LABELS[kind])),
      el('thead', { class: 'pf-v5-c-table__thead' }, el('tr', { class: 'pf-v5-c-table__tr' }, headers.map(h => el('th', { class: 'pf-v5-c-table__th', scope: 'col' }, t(COLUMN_LABELS[h]))))),
      el('tbody', { class: 'pf-v5-c-table__tbody' }, events.map(event => el('tr', { class: 'pf-v5-c-table__tr', 'data-event-id': event.id, 'data-event-type': event.type },
        cell(t, 'time', el('time', { datetime: new Date(event.time).toISOString(), class: 'portal-nowrap' },
          format.format(new Date(event.time)))),
        cell(t, 'type', event.type, event.error ? el('div', {}, t('audit.errorValue', event.error)) : null),
        kind === 'admin'
          ? cell(t, 'resource', [event.resourceType, event.resourcePath].filter(Boolean).join(' '))
          : cell(t, 'client', event.clientId || ''),
        cell(t, 'user', event.userId || ''),
        cell(t, 'ip', event.ipAddress || ''),
        cell(t, 'details', details(event.details)))))));
}

function cell (t, column, ...content) {
  return el('td', { class: 'pf-v5-c-table__td portal-wrap', 'data-label': t(COLUMN_LABELS[column]) }, content);
}

function details (map) {
  const entries = Object.entries(map || {});
  if (!entries.length) return '';
  return el('ul', { class: 'portal-details' }, entries.map(([k, v]) => el('li', {}, `${k}: ${v}`)));
}

function emptyState (t, first) {
  return el('div', { class: 'pf-v5-c-empty-state portal-empty', 'data-empty': 'audit' },
    el('div', { class: 'pf-v5-c-empty-state__content' },
      el('p', { class: 'pf-v5-c-title pf-m-lg' }, first > 0 ? t('audit.emptyPage') : t('audit.empty')),
      el('p', { class: 'pf-v5-c-empty-state__body' }, t('audit.emptyHelp'))));
}
