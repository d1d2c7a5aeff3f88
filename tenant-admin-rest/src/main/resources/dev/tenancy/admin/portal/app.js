/*
 * The tenant admin portal's shell: sign-in (cookie mode of the client tenancy-portal: the refresh token stays in
 * Keycloak's HttpOnly cookie, the access token only in tenancy-session.js's memory), the PatternFly page (masthead
 * with the tenant selector, navigation, main area), the hash router, and the page interface:
 *
 *   pages/NAME.js exports  async function render(root, ctx)
 *   root: an empty element inside <main>, below the page heading the shell renders (and focuses on navigation)
 *   ctx:  { api, t, me, tenant, can, navigate, announce }
 *     api(method, path, body?)  -> JSON (null for 204) of /realms/{realm}/tenants + path; rejects with ApiError
 *                                  {status, error, errorDescription, field, fields} (api.js)
 *     t(key, ...args)           -> the message of the page's language, {0}-style placeholders (i18n.js)
 *     me                        -> the answer of GET /me; tenant -> the route's entry of me.tenants (null outside a tenant)
 *     can(permission)           -> whether the caller may use that tenant permission in `tenant`
 *     navigate(hash)            -> go to a route; announce(text) -> polite aria-live message
 *   Every control carries data-control; a control the caller cannot use is not rendered. DOM helpers: ui.js.
 *
 * Routes: #/ my tenants, #/invitations my invitations, #/t/{alias}/{members|invitations|roles|policy|branding|audit},
 * #/admin/tenants (realm admins).
 */
import { createI18n } from './i18n.js';
import { createApi, ApiError } from './api.js';
import { h, button, alert, errorAlert } from './ui.js';
import { TENANT_PAGES, parseRoute, returnRouteFor, returnRecord, returnRouteOf, RETURN_KEY } from './routes.js';

export { TENANT_PAGES, parseRoute };

const config = JSON.parse(document.getElementById('portal-config').textContent);
const i18n = createI18n(config.messages, config.locale);
const { t } = i18n;

const ALL_PERMISSIONS = ['view-members', 'manage-members', 'manage-roles', 'manage-invitations', 'manage-policies',
  'manage-sessions', 'view-audit'];
const NAV_KEYS = {
  members: 'common.nav.members',
  invitations: 'common.nav.invitations',
  roles: 'common.nav.roles',
  policy: 'common.nav.policy',
  branding: 'common.nav.branding',
  audit: 'common.nav.audit'
};

/** From this width the navigation is a column beside the page (portal.css); below, it opens over it. */
const WIDE = '(min-width: 48rem)';
const state = { session: null, api: null, me: null, selected: null, navigation: 0, visited: new Map() };
const layout = {};

/** The tenant permissions of an entry of me.tenants: the API's `permissions`, else its tenancy-permissions roles. */
export function permissionsOf (tenant) {
  if (!tenant) return new Set();
  if (Array.isArray(tenant.permissions)) return new Set(tenant.permissions);
  const roles = tenant.resourceAccess?.['tenancy-permissions'] || [];
  return new Set(roles.includes('tenant-admin') ? ALL_PERMISSIONS : roles);
}

function navigate (hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function announce (text) {
  layout.live.textContent = '';
  setTimeout(() => { layout.live.textContent = text; }, 50);
}

function tenantEntry (alias) {
  return state.me?.tenants?.find(entry => entry.alias === alias) || state.visited.get(alias) || null;
}

/**
 * A realm admin acts in every tenant without being a member or switching (the API's rule): a tenant they are not a
 * member of is read with GET /{alias} and holds every permission.
 */
async function realmAdminEntry (alias) {
  if (!state.visited.has(alias)) {
    const tenant = await state.api('GET', `/${encodeURIComponent(alias)}`);
    state.visited.set(alias, { alias: tenant.alias, name: tenant.name, enabled: tenant.enabled, permissions: ALL_PERMISSIONS });
  }
  return state.visited.get(alias);
}

function firstPageOf (tenant) {
  const permissions = permissionsOf(tenant);
  return TENANT_PAGES.find(page => permissions.has(page.permission)) || null;
}

// ---- layout ----

function buildLayout () {
  const navToggle = h('button', {
    type: 'button', class: 'pf-v5-c-button pf-m-plain', 'aria-label': t('common.navToggle'),
    'aria-expanded': 'false', 'aria-controls': 'portal-sidebar', dataset: { control: 'nav-toggle' },
    onclick: () => setSidebar(!layout.sidebar.classList.contains('pf-m-expanded'))
  }, h('span', { class: 'portal-burger', 'aria-hidden': 'true' }));
  layout.navToggle = navToggle;
  layout.tenantSlot = h('div', { class: 'portal-tenant-selector' });
  layout.userSlot = h('div', { class: 'portal-user' });
  layout.nav = h('ul', { class: 'pf-v5-c-nav__list', role: 'list' });
  layout.sidebar = h('div', { class: 'pf-v5-c-page__sidebar', id: 'portal-sidebar' },
    h('div', { class: 'pf-v5-c-page__sidebar-body' },
      h('nav', { class: 'pf-v5-c-nav', 'aria-label': t('common.nav.label') }, layout.nav)));
  layout.heading = h('h1', { class: 'pf-v5-c-title pf-m-2xl', tabindex: '-1', id: 'portal-heading' });
  layout.subtitle = h('p', { class: 'portal-subtitle' });
  layout.root = h('div', { class: 'portal-page-root' });
  layout.main = h('main', { class: 'pf-v5-c-page__main', id: 'portal-main', tabindex: '-1' },
    h('section', { class: 'pf-v5-c-page__main-section pf-m-light' }, layout.heading, layout.subtitle),
    h('section', { class: 'pf-v5-c-page__main-section' }, layout.root));
  layout.live = h('div', { class: 'pf-v5-screen-reader', 'aria-live': 'polite', role: 'status' });
  const skip = h('button', {
    type: 'button', class: 'pf-v5-c-button pf-m-primary portal-skip', dataset: { control: 'skip-to-content' },
    onclick: () => layout.heading.focus()
  }, t('common.skipToContent'));
  const page = h('div', { class: 'pf-v5-c-page' },
    skip,
    h('header', { class: 'pf-v5-c-masthead' },
      h('span', { class: 'pf-v5-c-masthead__toggle' }, navToggle),
      h('div', { class: 'pf-v5-c-masthead__main' },
        h('a', { class: 'pf-v5-c-masthead__brand portal-brand', href: '#/', dataset: { control: 'brand' } },
          t('common.title'))),
      h('div', { class: 'pf-v5-c-masthead__content' }, layout.tenantSlot, layout.userSlot)),
    layout.sidebar,
    layout.main,
    layout.live);
  const host = document.getElementById('portal');
  host.replaceChildren(page);
  setSidebar(window.matchMedia(WIDE).matches);
}

function setSidebar (expanded) {
  layout.sidebar.classList.toggle('pf-m-expanded', expanded);
  layout.sidebar.classList.toggle('pf-m-collapsed', !expanded);
  layout.navToggle.setAttribute('aria-expanded', String(expanded));
}

function renderMasthead () {
  const me = state.me;
  layout.userSlot.replaceChildren(
    h('span', { class: 'portal-username', dataset: { control: 'username' } }, me.username),
    button(t('common.signOut'), { variant: 'secondary', control: 'sign-out', onClick: signOut }));
  const tenants = me.tenants || [];
  if (!tenants.length) {
    layout.tenantSlot.replaceChildren();
    return;
  }
  const select = h('select', { id: 'portal-tenant', dataset: { control: 'tenant-selector' } },
    state.selected ? null : h('option', { value: '' }, t('common.tenantNone')),
    tenants.map(entry => h('option', { value: entry.alias, selected: entry.alias === state.selected || undefined },
      entry.enabled === false ? t('common.tenantSuspended', entry.name) : entry.name)));
  select.addEventListener('change', () => selectTenant(select.value));
  layout.tenantSlot.replaceChildren(
    h('label', { for: 'portal-tenant', class: 'portal-tenant-label' }, t('common.tenant')),
    h('span', { class: 'pf-v5-c-form-control' }, select));
}

function navItem (href, text, current, control, external) {
  return h('li', { class: 'pf-v5-c-nav__item' },
    h('a', {
      href,
      class: `pf-v5-c-nav__link${current ? ' pf-m-current' : ''}`,
      'aria-current': current ? 'page' : undefined,
      dataset: { control },
      target: external ? '_blank' : undefined,
      rel: external ? 'noopener' : undefined
    }, text));
}

function renderNav (current) {
  const items = [
    navItem('#/', t('common.nav.home'), current.kind === 'home', 'nav-home'),
    navItem('#/invitations', t('common.nav.myInvitations'), current.kind === 'my-invitations', 'nav-my-invitations')
  ];
  const tenant = tenantEntry(state.selected);
  if (tenant) {
    const permissions = permissionsOf(tenant);
    const pages = TENANT_PAGES.filter(page => permissions.has(page.permission));
    if (pages.length) {
      items.push(h('li', { class: 'pf-v5-c-nav__item portal-nav-section', role: 'presentation' },
        h('span', { class: 'portal-nav-heading', id: 'portal-nav-tenant' }, tenant.name)));
      for (const page of pages) {
        const href = `#/t/${encodeURIComponent(tenant.alias)}/${page.id}`;
        items.push(navItem(href, t(NAV_KEYS[page.id]),
          current.kind === 'tenant' && current.page.id === page.id, `nav-${page.id}`));
      }
    }
  }
  if (state.me.realmAdmin) {
    items.push(navItem('#/admin/tenants', t('common.nav.tenantsAdmin'), current.kind === 'tenants-admin', 'nav-tenants-admin'));
  }
  items.push(navItem(config.accountUrl, t('common.nav.account'), false, 'account-console', true));
  layout.nav.replaceChildren(...items);
}

// ---- session ----

async function loadMe () {
  state.me = await state.api('GET', '/me');
  state.selected = state.me.activeTenant || null;
}

/** Makes `alias` the session's active tenant (cookie mode's switch), then reloads /me (its permissions follow). */
async function switchTenant (alias) {
  await state.session.switchTenant(alias);
  await loadMe();
}

async function selectTenant (alias) {
  if (!alias || alias === state.selected) return;
  try {
    await switchTenant(alias);
    announce(t('common.tenantSwitched', tenantEntry(alias)?.name || alias));
    const first = firstPageOf(tenantEntry(alias));
    navigate(first ? `#/t/${encodeURIComponent(alias)}/${first.id}` : '#/');
  } catch (error) {
    renderMasthead();
    showSwitchError(alias, error);
  }
}

function showSwitchError (alias, error) {
  layout.heading.textContent = t('common.switchFailed');
  layout.subtitle.textContent = '';
  const children = [errorAlert(t, error, t('common.switchFailedDetail', tenantEntry(alias)?.name || alias))];
  if (error?.error === 'interaction_required') {
    children.push(h('p', {}, button(t('common.signInToTenant', tenantEntry(alias)?.name || alias), {
      variant: 'primary', control: 'sign-in-tenant', onClick: () => signInToTenant(alias)
    })));
  }
  layout.root.replaceChildren(...children);
  layout.heading.focus();
}

/**
 * Keycloak's login into `alias`: the switch was refused with interaction_required (a second factor the session lacks,
 * or the tenant ended this session's chains), which only a new authentication answers, so not an SSO re-entry
 * (prompt=login). The portal's one redirect URI has no route, so the route the user was on is remembered
 * (sessionStorage, removed as the page starts) and restored after the login.
 */
function signInToTenant (alias) {
  try {
    sessionStorage.setItem(RETURN_KEY, returnRecord(returnRouteFor(location.hash, alias)));
  } catch {
    // storage refused: the login still works, it comes back to the start page
  }
  return state.session.login({ tenant: alias, prompt: 'login' });
}

/** The remembered route of a login that left this page (removed in any case), or null. */
function takeReturnRoute (cameBackFromLogin) {
  let stored = null;
  try {
    stored = sessionStorage.getItem(RETURN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
  } catch {
    return null;
  }
  return cameBackFromLogin && stored ? returnRouteOf(stored) : null;
}

/** After a login: the remembered route, or the tenant's first page when the page is not the caller's there. */
function restoredRoute (route) {
  const parsed = parseRoute(route);
  if (parsed.kind !== 'tenant') return route;
  const tenant = tenantEntry(parsed.alias);
  if (tenant && permissionsOf(tenant).has(parsed.page.permission)) return route;
  const first = firstPageOf(tenant);
  return tenant && first ? `#/t/${encodeURIComponent(tenant.alias)}/${first.id}` : '#/';
}

async function signOut () {
  try {
    await state.session.logout();
  } catch (error) {
    layout.root.replaceChildren(errorAlert(t, error, t('common.signOutFailed')));
    return;
  }
  showSignedOut();
}

function showSignedOut () {
  const host = document.getElementById('portal');
  const heading = h('h1', { class: 'pf-v5-c-title pf-m-2xl', tabindex: '-1' }, t('common.signedOut'));
  host.replaceChildren(h('main', { class: 'pf-v5-c-page__main portal-signed-out' },
    h('section', { class: 'pf-v5-c-page__main-section' }, heading,
      h('p', {}, t('common.signedOutDetail')),
      button(t('common.signIn'), { variant: 'primary', control: 'sign-in', onClick: () => state.session.login() }))));
  heading.focus();
}

// ---- router ----

async function route () {
  const navigation = ++state.navigation;
  const current = parseRoute(location.hash);
  if (!window.matchMedia(WIDE).matches) setSidebar(false);
  let tenant = null;
  let module = null;
  let titleKey = null;
  let subtitle = '';
  if (current.kind === 'tenant') {
    tenant = tenantEntry(current.alias);
    if (state.me.realmAdmin) {
      try {
        tenant = tenant || await realmAdminEntry(current.alias);
      } catch {
        tenant = null; // unknown tenant: not found
      }
      if (navigation !== state.navigation) return;
      if (tenant) state.selected = tenant.alias;
    } else if (tenant && state.selected !== tenant.alias) {
      try {
        await switchTenant(tenant.alias);
      } catch (error) {
        if (navigation !== state.navigation) return;
        renderMasthead();
        renderNav(current);
        showSwitchError(current.alias, error);
        return;
      }
      if (navigation !== state.navigation) return;
      tenant = tenantEntry(current.alias);
    }
    if (tenant && permissionsOf(tenant).has(current.page.permission)) {
      module = current.page.module;
      titleKey = NAV_KEYS[current.page.id];
      subtitle = tenant.name;
    }
  } else if (current.kind === 'home') {
    module = 'home';
    titleKey = 'common.nav.home';
  } else if (current.kind === 'my-invitations') {
    module = 'my-invitations';
    titleKey = 'common.nav.myInvitations';
  } else if (current.kind === 'tenants-admin' && state.me.realmAdmin) {
    module = 'tenants-admin';
    titleKey = 'common.nav.tenantsAdmin';
  }
  renderMasthead();
  renderNav(current);
  const root = h('div', { class: 'portal-page-root', dataset: { page: module || 'not-found' } });
  layout.root.replaceWith(root);
  layout.root = root;
  if (!module) {
    layout.heading.textContent = t('common.notFound');
    layout.subtitle.textContent = '';
    document.title = `${t('common.notFound')} - ${t('common.title')}`;
    root.append(alert('info', t('common.notFoundDetail')), h('p', {}, h('a', { href: '#/', dataset: { control: 'back-home' } }, t('common.nav.home'))));
    layout.heading.focus();
    return;
  }
  layout.heading.textContent = t(titleKey);
  layout.subtitle.textContent = subtitle;
  document.title = `${t(titleKey)}${subtitle ? ` (${subtitle})` : ''} - ${t('common.title')}`;
  root.setAttribute('aria-busy', 'true');
  const permissions = permissionsOf(tenant);
  const ctx = {
    api: state.api,
    t,
    me: state.me,
    tenant: module === 'tenants-admin' ? null : tenant,
    can: permission => permissions.has(permission),
    navigate,
    announce,
    // beyond the contract, for the shell's own pages: after a membership change, and the tenant switch
    refresh: refreshMe,
    switchTenant: alias => selectTenant(alias)
  };
  try {
    const page = await import(`./pages/${module}.js`);
    if (navigation !== state.navigation) return;
    await page.render(root, ctx);
  } catch (error) {
    if (navigation !== state.navigation) return;
    console.error(error);
    root.append(errorAlert(t, error, t('common.pageFailed')));
  } finally {
    root.removeAttribute('aria-busy');
  }
  if (navigation === state.navigation) layout.heading.focus();
}

/** Reloads /me and re-renders the current route (after a change of memberships: accept, leave). */
async function refreshMe () {
  await loadMe();
  await route();
}

async function start () {
  let TenancySession;
  try {
    ({ TenancySession } = await import(config.sessionScript));
  } catch (error) {
    document.getElementById('portal').replaceChildren(alert('danger', t('common.sessionUnavailable'), String(error)));
    return;
  }
  // a login callback carries code (or error) and state; read before init() removes them from the URL
  const callback = new URL(location.href).searchParams;
  const returnRoute = takeReturnRoute(callback.has('state') && (callback.has('code') || callback.has('error')));
  const session = new TenancySession({ clientId: config.clientId, redirectUri: config.portalUrl, scope: 'openid' });
  state.session = session;
  state.api = createApi(session, config.apiUrl);
  let signedIn;
  try {
    signedIn = await session.init();
  } catch (error) {
    document.getElementById('portal').replaceChildren(
      h('main', { class: 'pf-v5-c-page__main' }, h('section', { class: 'pf-v5-c-page__main-section' },
        h('h1', { class: 'pf-v5-c-title pf-m-2xl' }, t('common.signInFailed')), errorAlert(t, error),
        button(t('common.signIn'), { variant: 'primary', control: 'sign-in', onClick: () => session.login() }))));
    return;
  }
  if (!signedIn) {
    await session.login();
    return;
  }
  session.onChange(change => {
    if (!change.authenticated && (change.reason === 'expired' || change.reason === 'logout')) showSignedOut();
  });
  try {
    await loadMe();
  } catch (error) {
    document.getElementById('portal').replaceChildren(alert('danger', t('common.error'), error instanceof ApiError
      ? error.errorDescription : String(error)));
    return;
  }
  buildLayout();
  if (returnRoute) history.replaceState(history.state, '', restoredRoute(returnRoute));
  window.addEventListener('hashchange', () => route());
  await route();
}

start();
