// The Keycloak Tenancy demo SPA: plain ES modules, no framework, no build step. Two ways to keep a session:
//   ?mode=cookie       (default) Keycloak Tenancy's cookie mode: access token in memory, refresh token only in an
//                      HttpOnly cookie of Keycloak's /tenancy-session endpoints (helper served by Keycloak).
//   ?mode=keycloak-js  the stock keycloak-js adapter: tokens in memory, silent check-sso on reload.
// window.demo exposes the session and the API calls, for the browser tests and for the curious (devtools).

const $ = id => document.getElementById(id);
const mode = new URLSearchParams(location.search).get('mode') === 'keycloak-js' ? 'keycloak-js' : 'cookie';
const ENDPOINTS = ['projects', 'settings'];

const EXPLAINED = {
  cookie: {
    mode: 'Cookie mode: Keycloak sets the refresh token as an HttpOnly, SameSite=Strict cookie scoped to its ' +
      '/tenancy-session endpoints. A reload or a new tab restores the session from that cookie, without a password.',
    storage: 'The access token lives in this page\'s memory only. The refresh token is in an HttpOnly cookie that ' +
      'no script can read; every refresh rotates it.'
  },
  'keycloak-js': {
    mode: 'keycloak-js: the stock adapter keeps all tokens in memory and restores the session on reload with a ' +
      'silent check-sso (Keycloak\'s SSO cookie), as its own login.',
    storage: 'Access and refresh token live in this page\'s memory (keycloak-js); sessionStorage keeps only the ' +
      'tab\'s tenant alias, for the silent check-sso of a reload. Refresh tokens rotate (client policy ' +
      'tenancy-spa-rotation).'
  }
};

let refreshes = 0;
let auth = null;

async function cookieMode (config) {
  // Served by Keycloak: the helper knows its realm from its own URL.
  const { TenancySession } = await import(`${config.realmUrl}/tenancy-session/tenancy-session.js`);
  const session = new TenancySession({ clientId: config.cookieClientId });
  session.onChange(change => {
    if (change.reason === 'refresh') refreshes++;
    if (change.reason === 'error') showError(change.error);
    render();
  });
  try {
    await session.init();
  } catch (e) {
    showError(e); // e.g. a failed login callback: show why, and the sign-in button
  }
  return {
    session,
    get authenticated () { return session.authenticated; },
    get tokenParsed () { return session.tokenParsed; },
    get idTokenParsed () { return session.idTokenParsed; },
    get expiresAt () { return session.expiresAt; },
    login: options => session.login(options),
    logout: () => session.logout(),
    switchTenant: alias => session.switchTenant(alias),
    refresh: () => session.refresh(),
    fetch: (url, init) => session.fetch(url, init)
  };
}

// keycloak-js mode: the tab's active tenant (an alias, not a credential) is kept in sessionStorage, so that the silent
// check-sso of a reload asks for that tenant (organization:<alias>) and the tab stays in it, whatever another tab or
// device chose since. Without one (a new tab), Keycloak's "Tenant selection" step takes the user's last tenant.
const TAB_TENANT = 'tenancy-demo.keycloak-js.tenant';

async function keycloakJsMode (config) {
  const { default: Keycloak } = await import('./vendor/keycloak-js/keycloak.js');
  const kc = new Keycloak({ url: config.keycloakUrl, realm: config.realm, clientId: config.keycloakJsClientId });
  const tabTenant = sessionStorage.getItem(TAB_TENANT);
  await kc.init({
    onLoad: 'check-sso',
    silentCheckSsoRedirectUri: `${location.origin}/silent-check-sso.html`,
    scope: tabTenant ? `openid organization:${tabTenant}` : 'openid',
    pkceMethod: 'S256',
    checkLoginIframe: false
  });
  const rememberTenant = () => {
    const alias = kc.tokenParsed?.tenant?.alias;
    if (alias) sessionStorage.setItem(TAB_TENANT, alias); else sessionStorage.removeItem(TAB_TENANT);
  };
  rememberTenant();
  kc.onAuthRefreshSuccess = rememberTenant;
  const update = async minValidity => {
    if (await kc.updateToken(minValidity)) { refreshes++; render(); }
  };
  setInterval(() => { if (kc.authenticated) update(20).catch(showError); }, 5000);
  return {
    kc,
    get authenticated () { return !!kc.authenticated; },
    get tokenParsed () { return kc.tokenParsed ?? null; },
    get idTokenParsed () { return kc.idTokenParsed ?? null; },
    get expiresAt () { return kc.tokenParsed ? kc.tokenParsed.exp * 1000 + (kc.timeSkew ?? 0) * 1000 : 0; },
    login: ({ scope } = {}) => kc.login(scope ? { scope } : {}),
    logout: () => { sessionStorage.removeItem(TAB_TENANT); return kc.logout({ redirectUri: location.href }); },
    // keycloak-js cannot add tenant= to its refresh: a new (single sign-on) authorization asks for the tenant.
    switchTenant: alias => kc.login({ scope: `openid organization:${alias}` }),
    refresh: () => update(-1),
    fetch: async (url, init = {}) => {
      await update(20);
      const headers = new Headers(init.headers || {});
      headers.set('Authorization', `Bearer ${kc.token}`);
      return fetch(url, { ...init, headers });
    }
  };
}

async function callApi (path) {
  let status = 0;
  let body;
  try {
    const response = await auth.fetch(path);
    status = response.status;
    body = await response.json();
  } catch (e) {
    body = { error: e.error || 'network_error', error_description: e.description || e.message };
  }
  $('api-result').textContent = `GET ${path} → ${status}\n${JSON.stringify(body, null, 2)}`;
  $('api-result').className = `result ${status === 200 ? 'ok' : 'refused'}`;
  return { status, body };
}

function showError (error) {
  if (!error) return;
  $('error').hidden = false;
  $('error').textContent = error.description ? `${error.error}: ${error.description}` : String(error.message || error);
}

function render () {
  const signedIn = auth?.authenticated;
  document.body.dataset.state = auth ? (signedIn ? 'signed-in' : 'signed-out') : 'loading';
  $('loading').hidden = !!auth;
  $('signed-out').hidden = !auth || signedIn;
  $('signed-in').hidden = !signedIn;
  if (!signedIn) return;

  const token = auth.tokenParsed;
  const id = auth.idTokenParsed || token;
  $('user-name').textContent = id.name || token.preferred_username;
  $('user-email').textContent = token.email ? `<${token.email}>` : '';

  const tenant = token.tenant || null;
  $('tenant-name').textContent = tenant ? tenant.name : '(no tenant)';
  $('tenant-alias').textContent = tenant ? tenant.alias : '';
  const roles = [...(tenant?.roles || [])];
  for (const [client, access] of Object.entries(tenant?.resource_access || {})) {
    for (const role of access.roles || []) roles.push(`${client}: ${role}`);
  }
  $('tenant-roles').replaceChildren(...roles.map(role => {
    const li = document.createElement('li');
    li.textContent = role;
    return li;
  }));

  const tenants = token.tenants || (tenant ? [tenant.alias] : []);
  const switcher = $('tenant-switcher');
  const options = tenants.map(alias => new Option(alias === tenant?.alias ? `${alias} (active)` : alias, alias));
  if (switcher.dataset.tenants !== tenants.join() || switcher.dataset.active !== tenant?.alias) {
    switcher.replaceChildren(...options);
    switcher.value = tenants.find(alias => alias !== tenant?.alias) || tenant?.alias || '';
    switcher.dataset.tenants = tenants.join();
    switcher.dataset.active = tenant?.alias || '';
  }

  const rows = tenants.flatMap(alias => ENDPOINTS.map(endpoint => {
    const path = `/api/tenants/${encodeURIComponent(alias)}/${endpoint}`;
    const row = document.createElement('tr');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary';
    button.textContent = `GET ${path}`;
    button.dataset.api = path;
    button.addEventListener('click', () => callApi(path));
    const cell = document.createElement('td');
    cell.append(button);
    const note = document.createElement('td');
    note.className = 'muted';
    note.textContent = alias === tenant?.alias ? 'active tenant' : 'other tenant: expect 403';
    row.append(cell, note);
    return row;
  }));
  $('api-table').tBodies[0].replaceChildren(...rows);
}

// "1 time", "2 times": the count and its word together, so the page never says "refreshed 1 times".
const timesText = count => count === 1 ? '1 time' : `${count} times`;

function tick () {
  if (auth?.authenticated) {
    $('expires-in').textContent = Math.max(0, Math.round((auth.expiresAt - Date.now()) / 1000));
    $('refresh-count').textContent = timesText(refreshes);
  }
}

$(`mode-${mode}`).classList.add('active');
$('mode-explained').textContent = EXPLAINED[mode].mode;
$('storage-explained').textContent = EXPLAINED[mode].storage;

try {
  const config = await (await fetch('/config.json')).json();
  $('portal-link').href = `${config.realmUrl}/tenants/portal/`; // the pack's tenant admin portal, served by Keycloak
  auth = mode === 'cookie' ? await cookieMode(config) : await keycloakJsMode(config);
} catch (e) {
  showError(e);
  document.body.dataset.state = 'error';
}

// No tenant named: the realm's "Tenant selection" step asks a user with several tenants which one, AFTER the password,
// and remembers the choice. (The bare `organization` scope would make Keycloak's identity-first step show its own
// picker right after the username, before any credential: README "Security considerations".)
$('login').addEventListener('click', () => auth.login({ scope: 'openid' }));
$('logout').addEventListener('click', () => auth.logout().catch(showError));
$('switch-form').addEventListener('submit', event => {
  event.preventDefault();
  $('error').hidden = true;
  auth.switchTenant($('tenant-switcher').value).then(render, showError);
});
setInterval(tick, 1000);
render();
tick();

window.demo = { mode, get auth () { return auth; }, callApi, refreshes: () => refreshes, timesText };
document.dispatchEvent(new Event('demo-ready'));
