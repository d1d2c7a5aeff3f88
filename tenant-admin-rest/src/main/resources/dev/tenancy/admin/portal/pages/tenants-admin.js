// Page `#/admin/tenants` (realm admins: `me.realmAdmin`): every tenant of the realm (GET / with search, first, max),
// create one (POST /), suspend and resume (PUT and DELETE /{alias}/suspension). The server checks every call again.
import {
  alertBox, button, clearFieldErrors, el, errorText, fieldOfDescription, formGroup, pageLead, showFieldError,
  textInput
} from './page-kit.js';
import { ensurePageStyles } from './page-styles.js';

export const PAGE_SIZE = 20;
const COLUMN_LABELS = { alias: 'tenantsAdmin.column.alias', name: 'tenantsAdmin.column.name',
  status: 'tenantsAdmin.column.status', actions: 'tenantsAdmin.column.actions' };
const CREATE_FIELDS = { alias: 'tenant-create-alias', name: 'tenant-create-name', description: 'tenant-create-description',
  adminUserId: 'tenant-create-admin' };

/** The query of GET / for a search and a page (one more than a page, to know whether a next page exists). */
export function tenantsQuery (search, first, pageSize = PAGE_SIZE) {
  const params = new URLSearchParams();
  const text = String(search || '').trim();
  if (text) params.set('search', text);
  params.set('first', String(Math.max(0, first)));
  params.set('max', String(pageSize + 1));
  return params.toString();
}

/** The body of POST /: trimmed values, empty optional ones left out. */
export function createBody (values) {
  const body = {};
  for (const key of Object.keys(CREATE_FIELDS)) {
    const value = String(values[key] ?? '').trim();
    if (value) body[key] = value;
  }
  return body;
}

/** The create form's field a 400 or 409 names: `alias: must be lower-case ...`; a 409 concerns the alias/name. */
export function createErrorField (error) {
  if (!error) return null;
  if (error.status === 409) return { field: 'alias', message: error.errorDescription || '' };
  const named = fieldOfDescription(error.errorDescription, Object.keys(CREATE_FIELDS));
  if (named) return named;
  if (error.field && CREATE_FIELDS[error.field]) return { field: error.field, message: error.errorDescription || '' };
  return null;
}

export async function render (root, ctx) {
  const { t } = ctx;
  ensurePageStyles();
  root.append(pageLead(t('tenantsAdmin.lead')));
  if (!ctx.me || !ctx.me.realmAdmin) {
    root.append(alertBox('info', t('tenantsAdmin.noPermission')));
    return;
  }
  let search = '';
  let first = 0;

  const status = el('div', { class: 'portal-page-status' });
  const searchForm = el('form', { class: 'pf-v5-c-form portal-toolbar', role: 'search', novalidate: true,
    'aria-label': t('tenantsAdmin.searchLabel') },
  formGroup({ id: 'tenants-search', label: t('tenantsAdmin.field.search'),
    control: textInput({ id: 'tenants-search', type: 'search', control: 'tenants-search-text', autocomplete: 'off' }) }),
  el('div', { class: 'pf-v5-c-form__group pf-m-action' },
    button({ text: t('tenantsAdmin.search'), control: 'tenants-search', variant: 'secondary', type: 'submit' })));
  const heading = el('h2', { class: 'pf-v5-c-title pf-m-lg', id: 'tenants-list-title', tabindex: '-1' },
    t('tenantsAdmin.listTitle'));
  const list = el('div', { id: 'tenants-list' });
  const range = el('span', { 'aria-live': 'polite' });
  const previous = button({ text: t('tenantsAdmin.previous'), control: 'tenants-previous', onclick: () => load(first - PAGE_SIZE) });
  const next = button({ text: t('tenantsAdmin.next'), control: 'tenants-next', onclick: () => load(first + PAGE_SIZE) });
  const createForm = buildCreateForm(t);
  const createStatus = el('div', { class: 'portal-page-status' });

  root.append(status, searchForm, heading, list,
    el('nav', { class: 'portal-pagination', 'aria-label': t('tenantsAdmin.pagination') }, previous, range, next),
    el('section', { 'aria-labelledby': 'tenant-create-title', class: 'portal-form-section' },
      el('h2', { class: 'pf-v5-c-title pf-m-lg', id: 'tenant-create-title' }, t('tenantsAdmin.createTitle')),
      createStatus, createForm));

  searchForm.addEventListener('submit', event => {
    event.preventDefault();
    search = searchForm.querySelector('#tenants-search').value;
    load(0);
  });

  createForm.addEventListener('submit', async event => {
    event.preventDefault();
    clearFieldErrors(createForm);
    createStatus.replaceChildren();
    const values = Object.fromEntries(Object.entries(CREATE_FIELDS)
      .map(([key, id]) => [key, createForm.querySelector('#' + id).value]));
    const submit = createForm.querySelector('[data-control="create-tenant"]');
    submit.disabled = true;
    try {
      const created = await ctx.api('POST', '/', createBody(values));
      createForm.reset();
      const message = t('tenantsAdmin.created', created?.name || values.name, created?.alias || values.alias);
      createStatus.append(alertBox('success', message));
      ctx.announce(message);
      search = created?.alias || values.alias;
      searchForm.querySelector('#tenants-search').value = search;
      await load(0);
    } catch (error) {
      const field = error && (error.status === 400 || error.status === 409) ? createErrorField(error) : null;
      if (field && showFieldError(createForm, CREATE_FIELDS[field.field], field.message)) {
        createStatus.append(alertBox('danger', t('tenantsAdmin.createInvalid')));
        createForm.querySelector('#' + CREATE_FIELDS[field.field]).focus();
      } else {
        createStatus.append(alertBox('danger', t('tenantsAdmin.createFailed'), errorText(error, t, 'tenantsAdmin.error')));
      }
    } finally {
      submit.disabled = false;
    }
  });

  async function load (newFirst) {
    status.replaceChildren();
    const refocus = document.activeElement === previous || document.activeElement === next;
    previous.disabled = true;
    next.disabled = true;
    let tenants;
    try {
      tenants = await ctx.api('GET', `/?${tenantsQuery(search, newFirst)}`) || [];
    } catch (error) {
      status.append(alertBox('danger', t('tenantsAdmin.loadFailed'), errorText(error, t, 'tenantsAdmin.error')));
      previous.disabled = first === 0;
      return;
    }
    first = newFirst;
    const page = tenants.slice(0, PAGE_SIZE);
    list.dataset.query = tenantsQuery(search, first);
    list.replaceChildren(page.length ? table(page) : el('div', { class: 'pf-v5-c-empty-state portal-empty', 'data-empty': 'tenants' },
      el('div', { class: 'pf-v5-c-empty-state__content' },
        el('p', { class: 'pf-v5-c-title pf-m-lg' }, search ? t('tenantsAdmin.noMatch', search) : t('tenantsAdmin.empty')))));
    previous.disabled = first === 0;
    next.disabled = tenants.length <= PAGE_SIZE;
    range.textContent = page.length ? t('tenantsAdmin.range', first + 1, first + page.length) : '';
    if (refocus && document.activeElement?.disabled !== false) heading.focus();
  }

  function table (tenants) {
    return el('div', { class: 'portal-table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'tenants-list-title' },
      el('table', { class: 'pf-v5-c-table pf-m-compact pf-m-grid-md portal-table' },
        el('thead', { class: 'pf-v5-c-table__thead' }, el('tr', { class: 'pf-v5-c-table__tr' }, ['alias', 'name', 'status', 'actions']
          .map(c => el('th', { class: 'pf-v5-c-table__th', scope: 'col' }, t(COLUMN_LABELS[c]))))),
        el('tbody', { class: 'pf-v5-c-table__tbody' }, tenants.map(tenant => row(tenant)))));
  }

  function row (tenant) {
    const statusText = tenant.enabled ? t('tenantsAdmin.status.active') : t('tenantsAdmin.status.suspended');
    const action = tenant.enabled
      ? button({ text: t('tenantsAdmin.suspend'), control: 'suspend-tenant', variant: 'danger',
        label: t('tenantsAdmin.suspendLabel', tenant.name || tenant.alias), onclick: () => setSuspended(tenant, true) })
      : button({ text: t('tenantsAdmin.resume'), control: 'resume-tenant', variant: 'secondary',
        label: t('tenantsAdmin.resumeLabel', tenant.name || tenant.alias), onclick: () => setSuspended(tenant, false) });
    return el('tr', { class: 'pf-v5-c-table__tr', 'data-tenant': tenant.alias, 'data-enabled': String(Boolean(tenant.enabled)) },
      el('td', { class: 'pf-v5-c-table__td portal-wrap', 'data-label': t('tenantsAdmin.column.alias') }, tenant.alias),
      el('td', { class: 'pf-v5-c-table__td portal-wrap', 'data-label': t('tenantsAdmin.column.name') }, tenant.name || ''),
      el('td', { class: 'pf-v5-c-table__td', 'data-label': t('tenantsAdmin.column.status') }, statusText),
      el('td', { class: 'pf-v5-c-table__td', 'data-label': t('tenantsAdmin.column.actions') }, el('div', { class: 'portal-row-actions' }, action)));
  }

  async function setSuspended (tenant, suspend) {
    status.replaceChildren();
    try {
      await ctx.api(suspend ? 'PUT' : 'DELETE', `/${encodeURIComponent(tenant.alias)}/suspension`);
    } catch (error) {
      status.append(alertBox('danger', t(suspend ? 'tenantsAdmin.suspendFailed' : 'tenantsAdmin.resumeFailed',
        tenant.alias), errorText(error, t, 'tenantsAdmin.error')));
      return;
    }
    const message = t(suspend ? 'tenantsAdmin.suspended' : 'tenantsAdmin.resumed', tenant.name || tenant.alias);
    status.append(alertBox('success', message));
    ctx.announce(message);
    await load(first);
    // the row's button changed (suspend <-> resume): keep the keyboard focus on the same tenant's action
    list.querySelector(`tr[data-tenant="${CSS.escape(tenant.alias)}"] button`)?.focus();
  }

  await load(0);
}

function buildCreateForm (t) {
  return el('form', { class: 'pf-v5-c-form portal-form', novalidate: true, 'aria-labelledby': 'tenant-create-title' },
    formGroup({ id: CREATE_FIELDS.alias, label: t('tenantsAdmin.field.alias'), required: true,
      helpers: [t('tenantsAdmin.help.alias')],
      control: textInput({ id: CREATE_FIELDS.alias, control: 'tenant-create-alias', required: true, maxlength: '255',
        autocomplete: 'off', spellcheck: 'false', pattern: '[a-z0-9][a-z0-9-]*' }) }),
    formGroup({ id: CREATE_FIELDS.name, label: t('tenantsAdmin.field.name'), required: true,
      control: textInput({ id: CREATE_FIELDS.name, control: 'tenant-create-name', required: true, maxlength: '255',
        autocomplete: 'organization' }) }),
    formGroup({ id: CREATE_FIELDS.description, label: t('tenantsAdmin.field.description'),
      control: textInput({ id: CREATE_FIELDS.description, control: 'tenant-create-description', maxlength: '1024' }) }),
    formGroup({ id: CREATE_FIELDS.adminUserId, label: t('tenantsAdmin.field.adminUserId'),
      helpers: [t('tenantsAdmin.help.adminUserId')],
      control: textInput({ id: CREATE_FIELDS.adminUserId, control: 'tenant-create-admin', maxlength: '36',
        autocomplete: 'off', spellcheck: 'false' }) }),
    el('div', { class: 'pf-v5-c-form__group pf-m-action' },
      el('div', { class: 'pf-v5-c-form__actions' },
        button({ text: t('tenantsAdmin.create'), control: 'create-tenant', variant: 'primary', type: 'submit' }))));
}
