/*
 * tenancy-session.js: the browser side of Keycloak Tenancy's cookie mode. ES module, no dependencies, no build step.
 *
 * The access token (and ID token) live only in this module's memory; the refresh token lives only in an HttpOnly
 * cookie that Keycloak's /realms/{realm}/tenancy-session/{clientId}/ endpoints set and rotate. Nothing is written to
 * localStorage, and sessionStorage holds only the PKCE verifier, state and nonce of a login in progress (removed at
 * the callback).
 *
 *   import { TenancySession } from 'https://sso.example.com/realms/acme/tenancy-session/tenancy-session.js';
 *   const auth = new TenancySession({ clientId: 'my-spa' });
 *   if (!(await auth.init())) auth.login();              // callback handling, or restore from the cookie
 *   const res = await auth.fetch('/api/tenants/acme/projects');
 *   await auth.switchTenant('globex');
 *   await auth.logout();
 *
 * Served by Keycloak, it finds the realm from its own URL; a copy served elsewhere needs `realmUrl`.
 * Tabs of one origin share the cookie, hence ONE token chain and ONE active tenant: a refresh, switch or logout in one
 * tab reaches the others through a BroadcastChannel, and refreshes are single-flight across tabs (Web Locks), so two
 * tabs never present the same cookie at once (the server's grace window absorbs it where Web Locks are missing).
 */

const CSRF_HEADER = 'X-Tenancy-CSRF';
const PENDING_PREFIX = 'tenancy-session:pkce:';
const PENDING_MAX_AGE_MS = 10 * 60 * 1000;
const CALLBACK_PARAMS = ['code', 'state', 'session_state', 'iss', 'error', 'error_description', 'error_uri'];

/** A refused or failed call; `signedOut` is true when the session is gone (invalid_grant, or no refresh cookie). */
export class TenancySessionError extends Error {
  constructor (status, error, description, signedOut = false) {
    super(`${error}: ${description}`);
    this.name = 'TenancySessionError';
    this.status = status;
    this.error = error;
    this.description = description;
    this.signedOut = signedOut;
  }
}

/** Decodes a JWT's payload WITHOUT verifying it (for display and timing; the API verifies). */
export function decodeJwt (token) {
  const part = token.split('.')[1];
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function base64url (bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString (byteCount) {
  return base64url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

async function pkceChallenge (verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

export class TenancySession {
  #clientId;
  #realmUrl;
  #endpoints;
  #redirectUri;
  #scope;
  #refreshAt;
  #apiOrigins;
  #lockName;
  #channel = null;
  #accessToken = null;
  #idToken = null;
  #expiresAt = 0;
  #lifetimeMs = 0;
  #generation = 0;
  #timer = null;
  #refreshing = null;
  #listeners = new Set();

  /**
   * @param {object} options
   * @param {string} options.clientId     a client with cookie mode on (client attribute tenancy.session.cookie-mode=true)
   * @param {string} [options.realmUrl]   e.g. https://sso.example.com/realms/acme; default: from this module's URL
   * @param {string} [options.redirectUri] where Keycloak sends the browser back; default: the current page
   * @param {string} [options.scope]      default 'openid'
   * @param {number} [options.refreshAt]  fraction of the access token's lifetime after which it is refreshed (0.7)
   * @param {string[]} [options.apiOrigins] origins that fetch() may send the access token to; default: this page's
   */
  constructor ({ clientId, realmUrl, redirectUri, scope = 'openid', refreshAt = 0.7, apiOrigins } = {}) {
    if (!clientId) throw new Error('TenancySession: clientId is required');
    if (!realmUrl) {
      if (!/\/tenancy-session\/tenancy-session\.js(\?.*)?$/.test(import.meta.url)) {
        throw new Error('TenancySession: realmUrl is required when this file is not served by Keycloak');
      }
      realmUrl = new URL('..', import.meta.url).href;
    }
    if (!(refreshAt > 0 && refreshAt < 1)) throw new Error('TenancySession: refreshAt must be between 0 and 1');
    this.#clientId = clientId;
    this.#realmUrl = realmUrl.replace(/\/+$/, '');
    this.#endpoints = `${this.#realmUrl}/tenancy-session/${encodeURIComponent(clientId)}/`;
    this.#redirectUri = redirectUri;
    this.#scope = scope;
    this.#refreshAt = refreshAt;
    const origins = apiOrigins ?? (typeof location !== 'undefined' ? [location.origin] : []);
    if (!Array.isArray(origins)) throw new Error('TenancySession: apiOrigins must be an array of origins');
    this.#apiOrigins = new Set(origins.map(origin => new URL(origin).origin));
    this.#lockName = `tenancy-session:${this.#realmUrl}:${clientId}`;
    if (typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(this.#lockName);
      this.#channel.onmessage = event => this.#onMessage(event.data);
    }
    if (typeof document !== 'undefined') {
      // Timers of hidden tabs are throttled: catch up when the tab is shown again.
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible' && this.#accessToken) this.#refreshIfDue();
      });
    }
  }

  // ---- state ----

  get authenticated () { return this.#accessToken !== null; }
  get tokenParsed () { return this.#accessToken ? decodeJwt(this.#accessToken) : null; }
  get idTokenParsed () { return this.#idToken ? decodeJwt(this.#idToken) : null; }
  /** The active tenant claim of the access token ({alias, name, roles, ...}) or null. */
  get tenant () { return this.tokenParsed?.tenant ?? null; }
  /** When the access token expires (epoch ms), 0 when signed out. */
  get expiresAt () { return this.#expiresAt; }

  /** Calls `listener({authenticated, tenant, reason})` on every change; returns the unsubscribe function. */
  onChange (listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ---- page load ----

  /**
   * Handles the login callback (code and state in the URL) or restores the session from the cookie.
   * Resolves to true when signed in, false when not; rejects on an error that is not "signed out".
   */
  async init () {
    this.#dropStalePending();
    const url = new URL(location.href);
    const state = url.searchParams.get('state');
    const pendingKey = PENDING_PREFIX + state;
    const pending = state ? JSON.parse(sessionStorage.getItem(pendingKey) || 'null') : null;
    if (pending && (url.searchParams.has('code') || url.searchParams.has('error'))) {
      sessionStorage.removeItem(pendingKey);
      const code = url.searchParams.get('code');
      const error = url.searchParams.get('error');
      const description = url.searchParams.get('error_description');
      for (const name of CALLBACK_PARAMS) url.searchParams.delete(name);
      history.replaceState(history.state, '', url.href);
      if (error) throw new TenancySessionError(400, error, description || 'Login failed', true);
      const tokens = await this.#withLock(() => this.#post('token', {
        code, code_verifier: pending.verifier, redirect_uri: pending.redirectUri
      }));
      if (tokens.id_token && decodeJwt(tokens.id_token).nonce !== pending.nonce) {
        throw new TenancySessionError(400, 'invalid_nonce', 'The ID token does not answer this login', true);
      }
      this.#accept(tokens, 'login');
      return true;
    }
    try {
      await this.refresh();
      return true;
    } catch (e) {
      if (e instanceof TenancySessionError && e.signedOut) return false;
      throw e;
    }
  }

  /**
   * Redirects to Keycloak's login (authorization code + PKCE S256). `tenant` asks for that tenant
   * (scope organization:<alias>); `scope` replaces the whole scope (e.g. 'openid organization' lets Keycloak ask a
   * user with several tenants which one); `loginHint` and `prompt` are passed on.
   */
  async login ({ tenant, scope, loginHint, prompt, redirectUri } = {}) {
    const verifier = randomString(48);
    const state = randomString(16);
    const nonce = randomString(16);
    const target = redirectUri || this.#redirectUri || this.#currentPage();
    sessionStorage.setItem(PENDING_PREFIX + state, JSON.stringify({ verifier, nonce, redirectUri: target, at: Date.now() }));
    const auth = new URL(`${this.#realmUrl}/protocol/openid-connect/auth`);
    const params = {
      client_id: this.#clientId,
      redirect_uri: target,
      response_type: 'code',
      response_mode: 'query',
      scope: scope || (tenant ? `${this.#scope} organization:${tenant}` : this.#scope),
      state,
      nonce,
      code_challenge: await pkceChallenge(verifier),
      code_challenge_method: 'S256'
    };
    if (loginHint) params.login_hint = loginHint;
    if (prompt) params.prompt = prompt;
    for (const [name, value] of Object.entries(params)) auth.searchParams.set(name, value);
    location.assign(auth.href);
    return new Promise(() => {}); // the page is leaving
  }

  // ---- tokens ----

  /** A valid access token, refreshed first when it is past `refreshAt` of its lifetime. */
  async getAccessToken () {
    if (!this.#accessToken) throw new TenancySessionError(401, 'login_required', 'Not signed in', true);
    if (Date.now() < this.#refreshDue()) return this.#accessToken;
    return this.refresh();
  }

  /**
   * Gets a new access token from the cookie now (the cookie rotates). Single-flight: one call at a time in this tab,
   * one refresh at a time across tabs; a tab that waited while another one refreshed takes that tab's token.
   */
  refresh () {
    if (this.#refreshing) return this.#refreshing;
    const seen = this.#generation;
    this.#refreshing = this.#withLock(async () => {
      if (this.#generation !== seen && this.#accessToken && Date.now() < this.#refreshDue()) {
        return this.#accessToken; // another tab refreshed while this one waited for the lock
      }
      let tokens;
      try {
        tokens = await this.#post('refresh');
      } catch (e) {
        if (e.signedOut) this.#signedOut('expired', true);
        else this.#schedule(5000);
        throw e;
      }
      this.#accept(tokens, 'refresh');
      return this.#accessToken;
    }).finally(() => { this.#refreshing = null; });
    return this.#refreshing;
  }

  /**
   * Switches the session to another tenant (membership and enabled checks on the server). All tabs follow: they share
   * the cookie. A refusal (400 invalid_grant) leaves the session in its tenant.
   */
  async switchTenant (alias) {
    if (!this.#accessToken) throw new TenancySessionError(401, 'login_required', 'Not signed in', true);
    const tokens = await this.#withLock(async () => {
      try {
        return await this.#post('switch', { tenant: alias });
      } catch (e) {
        if (e.signedOut) this.#signedOut('expired', true);
        throw e;
      }
    });
    this.#accept(tokens, 'switch');
    return this.tenant;
  }

  /** Ends the Keycloak session (every tab of it) and clears the cookie. */
  async logout () {
    try {
      await this.#withLock(() => this.#post('logout'));
    } catch (e) {
      if (!(e instanceof TenancySessionError) || !e.signedOut) throw e;
    }
    this.#signedOut('logout', true);
  }

  /**
   * fetch() with the access token as a bearer token; one refresh and retry on a 401. Only to `apiOrigins` (default:
   * this page's origin): a URL of any other origin is refused before anything is sent, so the token never leaves
   * for a third party.
   */
  async fetch (input, init = {}) {
    const target = new URL(typeof input === 'object' && input?.url ? input.url : String(input),
      typeof location !== 'undefined' ? location.href : undefined);
    if (!this.#apiOrigins.has(target.origin)) {
      throw new TenancySessionError(0, 'origin_not_allowed',
        `${target.origin} is not among apiOrigins: the access token is sent only there`);
    }
    const send = token => {
      const headers = new Headers(init.headers || {});
      headers.set('Authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    const response = await send(await this.getAccessToken());
    if (response.status !== 401) return response;
    return send(await this.refresh());
  }

  // ---- internals ----

  #refreshDue () {
    return this.#expiresAt - this.#lifetimeMs * (1 - this.#refreshAt);
  }

  #accept (tokens, reason, broadcast = true) {
    this.#accessToken = tokens.access_token;
    if (tokens.id_token) this.#idToken = tokens.id_token;
    this.#lifetimeMs = Math.max(1, Number(tokens.expires_in) || 60) * 1000;
    this.#expiresAt = tokens.expires_at ?? Date.now() + this.#lifetimeMs;
    this.#generation++;
    this.#schedule();
    if (broadcast && this.#channel) {
      this.#channel.postMessage({
        type: 'tokens',
        reason,
        tokens: { access_token: this.#accessToken, id_token: this.#idToken, expires_in: this.#lifetimeMs / 1000, expires_at: this.#expiresAt }
      });
    }
    this.#emit(reason);
  }

  #signedOut (reason, broadcast) {
    const was = this.#accessToken !== null;
    this.#accessToken = null;
    this.#idToken = null;
    this.#expiresAt = 0;
    this.#lifetimeMs = 0;
    this.#generation++;
    clearTimeout(this.#timer);
    if (broadcast && this.#channel) this.#channel.postMessage({ type: 'signed-out', reason });
    if (was || reason === 'logout') this.#emit(reason);
  }

  #onMessage (message) {
    if (message?.type === 'tokens' && message.tokens?.expires_at > this.#expiresAt) {
      this.#accept(message.tokens, message.reason, false);
    } else if (message?.type === 'signed-out') {
      this.#signedOut(message.reason, false);
    }
  }

  #schedule (delayMs) {
    clearTimeout(this.#timer);
    if (!this.#accessToken) return;
    const wait = delayMs ?? Math.max(1000, this.#refreshDue() - Date.now());
    this.#timer = setTimeout(() => this.#refreshIfDue(), wait);
  }

  #refreshIfDue () {
    this.getAccessToken().catch(error => this.#emit('error', error));
  }

  #emit (reason, error) {
    const change = { authenticated: this.authenticated, tenant: this.tenant, reason, error };
    for (const listener of this.#listeners) {
      try { listener(change); } catch (e) { console.error(e); }
    }
  }

  #withLock (task) {
    if (typeof navigator !== 'undefined' && navigator.locks?.request) {
      return navigator.locks.request(this.#lockName, { mode: 'exclusive' }, task);
    }
    return task();
  }

  async #post (operation, fields = {}) {
    let response;
    try {
      response = await fetch(this.#endpoints + operation, {
        method: 'POST',
        credentials: 'include',
        cache: 'no-store',
        headers: { [CSRF_HEADER]: '1' },
        body: new URLSearchParams(fields)
      });
    } catch (e) {
      throw new TenancySessionError(0, 'network_error', e.message);
    }
    if (response.status === 204) return null;
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    if (!response.ok) {
      // Only these mean the session is gone: the refresh token was refused (invalid_grant; on a switch it means the
      // tenant was refused, the session stays), or there is no refresh cookie at all (401 invalid_token). Anything
      // else (a bad request, a refused origin, an unknown client, a server or network failure) keeps the tokens.
      const signedOut = (body?.error === 'invalid_grant' && operation !== 'switch')
        || (response.status === 401 && body?.error === 'invalid_token');
      throw new TenancySessionError(response.status, body?.error || `http_${response.status}`,
        body?.error_description || response.statusText, signedOut);
    }
    return body;
  }

  #currentPage () {
    const url = new URL(location.href);
    url.hash = '';
    for (const name of CALLBACK_PARAMS) url.searchParams.delete(name);
    return url.href;
  }

  #dropStalePending () {
    for (let i = sessionStorage.length - 1; i >= 0; i--) {
      const key = sessionStorage.key(i);
      if (!key?.startsWith(PENDING_PREFIX)) continue;
      try {
        if (Date.now() - JSON.parse(sessionStorage.getItem(key)).at < PENDING_MAX_AGE_MS) continue;
      } catch { /* unreadable: drop */ }
      sessionStorage.removeItem(key);
    }
  }
}
