// Unit tests of the cookie-mode helper with node's test runner (`node --test`), run by the refresh-policy build.
// The browser is simulated with the few globals the helper uses; the Keycloak endpoints are a scripted fetch.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

const PAGE = 'https://app.test/page';
const REALM = 'https://sso.test/realms/acme';

globalThis.location = new URL(PAGE);
globalThis.history = { state: null, replaceState () {} };
globalThis.sessionStorage = new (class {
  #items = new Map();
  get length () { return this.#items.size; }
  key (i) { return [...this.#items.keys()][i] ?? null; }
  getItem (k) { return this.#items.has(k) ? this.#items.get(k) : null; }
  setItem (k, v) { this.#items.set(k, String(v)); }
  removeItem (k) { this.#items.delete(k); }
})();
// Tabs of one origin: channels of the same name deliver to each other, asynchronously, as in a browser (node's own
// BroadcastChannel would keep the test process alive).
const channels = new Set();
globalThis.BroadcastChannel = class {
  constructor (name) { this.name = name; this.onmessage = null; channels.add(this); }
  postMessage (data) {
    const copy = structuredClone(data);
    for (const other of channels) {
      if (other !== this && other.name === this.name) setTimeout(() => other.onmessage?.({ data: copy }), 0);
    }
  }
};
// Web Locks: one exclusive holder per name, the others queue (what the helper relies on across tabs).
const lockQueues = new Map();
Object.defineProperty(globalThis, 'navigator', {
  configurable: true,
  value: {
    locks: {
      request (name, options, task) {
        const previous = lockQueues.get(name) ?? Promise.resolve();
        const run = previous.then(() => task());
        lockQueues.set(name, run.catch(() => {}));
        return run;
      }
    }
  }
});

const { TenancySession, TenancySessionError } = await import(
  '../../main/resources/dev/tenancy/refresh/session/tenancy-session.js');

function jwt (claims) {
  const part = object => Buffer.from(JSON.stringify(object)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.`;
}

function tokens (alias = 'acme', expiresIn = 300) {
  return { access_token: jwt({ tenant: { alias }, n: Math.random() }), expires_in: expiresIn };
}

/** Scripted Keycloak: answers per operation; records every request. */
let calls;
let answers;
let inFlight;
let maxInFlight;
beforeEach(() => {
  calls = [];
  answers = {};
  inFlight = 0;
  maxInFlight = 0;
  globalThis.fetch = async (input, init = {}) => {
    const url = String(input);
    calls.push({ url, init });
    const operation = url.startsWith(`${REALM}/tenancy-session/`) ? url.split('/').pop() : 'api';
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise(resolve => setTimeout(resolve, 5));
    inFlight--;
    const answer = (answers[operation] ?? (() => ({ status: 200, body: {} })))();
    return new Response(answer.status === 204 ? null : JSON.stringify(answer.body), { status: answer.status });
  };
});

async function signedIn (options = {}) {
  answers.refresh = () => ({ status: 200, body: tokens() });
  const session = new TenancySession({ clientId: 'spa', realmUrl: REALM, ...options });
  assert.equal(await session.init(), true);
  calls.length = 0;
  return session;
}

test('fetch sends the access token to the page origin', async () => {
  const session = await signedIn();
  await session.fetch('/api/projects');
  assert.equal(calls.length, 1);
  assert.equal(calls[0].url, '/api/projects');
  assert.match(calls[0].init.headers.get('Authorization'), /^Bearer /);
});

test('fetch refuses another origin before sending anything', async () => {
  const session = await signedIn();
  await assert.rejects(session.fetch('https://evil.test/steal'),
    e => e instanceof TenancySessionError && e.error === 'origin_not_allowed' && !e.signedOut);
  await assert.rejects(session.fetch(new Request('https://api.test/x')), { error: 'origin_not_allowed' });
  assert.equal(calls.length, 0);
  assert.equal(session.authenticated, true);
});

test('fetch sends the token to the configured apiOrigins only', async () => {
  const session = await signedIn({ apiOrigins: ['https://api.test'] });
  await session.fetch('https://api.test/projects');
  assert.equal(calls[0].init.headers.get('Authorization').startsWith('Bearer '), true);
  await assert.rejects(session.fetch('/same-origin-not-listed'), { error: 'origin_not_allowed' });
  assert.throws(() => new TenancySession({ clientId: 'spa', realmUrl: REALM, apiOrigins: 'https://api.test' }),
    /apiOrigins must be an array/);
});

test('fetch refreshes once and retries on a 401', async () => {
  const session = await signedIn();
  let apiCalls = 0;
  answers.api = () => (++apiCalls === 1 ? { status: 401, body: { error: 'invalid_token' } } : { status: 200, body: {} });
  const response = await session.fetch('/api/projects');
  assert.equal(response.status, 200);
  assert.deepEqual(calls.map(c => c.url.split('/').pop()), ['projects', 'refresh', 'projects']);
});

test('a failed refresh signs out only on invalid_grant (or when there is no refresh cookie)', async () => {
  for (const [answer, signedOut] of [
    [{ status: 400, body: { error: 'invalid_request', error_description: 'bad' } }, false],
    [{ status: 400, body: { error: 'invalid_grant', error_description: 'chain ended' } }, true],
    [{ status: 401, body: { error: 'invalid_token', error_description: 'no cookie' } }, true],
    [{ status: 401, body: { error: 'invalid_client', error_description: 'client disabled' } }, false],
    [{ status: 403, body: { error: 'access_denied', error_description: 'origin' } }, false],
    [{ status: 500, body: { error: 'unknown_error' } }, false],
    [{ status: 503, body: null }, false]
  ]) {
    const session = await signedIn();
    const changes = [];
    session.onChange(change => changes.push(change.reason));
    answers.refresh = () => answer;
    await assert.rejects(session.refresh(), e => e instanceof TenancySessionError && e.status === answer.status
      && e.signedOut === signedOut);
    assert.equal(session.authenticated, !signedOut, `${answer.status} ${answer.body?.error}`);
    assert.deepEqual(changes, signedOut ? ['expired'] : []);
  }
});

test('a network failure is a typed error and keeps the session', async () => {
  const session = await signedIn();
  globalThis.fetch = async () => { throw new TypeError('Failed to fetch'); };
  await assert.rejects(session.refresh(), e => e instanceof TenancySessionError && e.name === 'TenancySessionError'
    && e.status === 0 && e.error === 'network_error' && e.signedOut === false && e.message.includes('Failed to fetch'));
  assert.equal(session.authenticated, true);
});

test('init without a refresh cookie resolves to false; another refusal rejects', async () => {
  answers.refresh = () => ({ status: 401, body: { error: 'invalid_token', error_description: 'no cookie' } });
  assert.equal(await new TenancySession({ clientId: 'spa', realmUrl: REALM }).init(), false);
  answers.refresh = () => ({ status: 403, body: { error: 'unauthorized_client', error_description: 'no cookie mode' } });
  await assert.rejects(new TenancySession({ clientId: 'spa', realmUrl: REALM }).init(),
    { error: 'unauthorized_client', status: 403, signedOut: false });
});

test('tabs share their tokens: after refreshes in two tabs both hold the newest one', async () => {
  const tabA = await signedIn();
  const tabB = await signedIn();
  let expiresIn = 300;
  answers.refresh = () => ({ status: 200, body: tokens('acme', expiresIn++) });
  await Promise.all([tabA.refresh(), tabB.refresh()]);
  await new Promise(resolve => setTimeout(resolve, 10)); // the channel delivers asynchronously
  assert.equal(calls.filter(c => c.url.endsWith('/refresh')).length, 2, 'one after the other (Web Lock)');
  assert.deepEqual(tabA.tokenParsed, tabB.tokenParsed);
  assert.equal(tabA.expiresAt, tabB.expiresAt);
});

test('a refused switch leaves the session in its tenant; a 401 signs out', async () => {
  const session = await signedIn();
  answers.switch = () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'not a member' } });
  await assert.rejects(session.switchTenant('globex'), { error: 'invalid_grant', signedOut: false });
  assert.equal(session.authenticated, true);
  assert.equal(session.tenant.alias, 'acme');
  answers.switch = () => ({ status: 200, body: tokens('globex') });
  assert.equal((await session.switchTenant('globex')).alias, 'globex');
  answers.switch = () => ({ status: 401, body: { error: 'invalid_token', error_description: 'gone' } });
  await assert.rejects(session.switchTenant('acme'), { signedOut: true });
  assert.equal(session.authenticated, false);
});

test('refreshes are single-flight in a tab and never concurrent across tabs', async () => {
  const tabA = await signedIn();
  const tabB = await signedIn();
  answers.refresh = () => ({ status: 200, body: tokens() });
  const inTab = await Promise.all([tabA.refresh(), tabA.refresh(), tabA.refresh()]);
  assert.equal(new Set(inTab).size, 1, 'one refresh answers every caller of the tab');
  assert.equal(calls.filter(c => c.url.endsWith('/refresh')).length, 1);
  calls.length = 0;
  await Promise.all([tabA.refresh(), tabB.refresh()]);
  assert.equal(maxInFlight, 1, 'the Web Lock serialises the tabs: one cookie presentation at a time');
});

test('logout signs out every tab of the session and keeps nothing in storage', async () => {
  const tabA = await signedIn();
  const tabB = await signedIn();
  answers.logout = () => ({ status: 204 });
  const signedOutB = new Promise(resolve => tabB.onChange(change => change.reason === 'logout' && resolve()));
  await tabA.logout();
  assert.equal(tabA.authenticated, false);
  await signedOutB;
  assert.equal(tabB.authenticated, false);
  assert.equal(sessionStorage.length, 0);
});

test('the type declarations name every public member and export of the module', async () => {
  const { readFile } = await import('node:fs/promises');
  const declarations = await readFile(new URL(
    '../../main/resources/dev/tenancy/refresh/session/tenancy-session.d.ts', import.meta.url), 'utf8');
  const module = await import('../../main/resources/dev/tenancy/refresh/session/tenancy-session.js');
  for (const name of Object.keys(module)) {
    assert.match(declarations, new RegExp(`export (class|function) ${name}\\b`), `export ${name}`);
  }
  for (const name of Object.getOwnPropertyNames(TenancySession.prototype).filter(n => n !== 'constructor')) {
    assert.match(declarations, new RegExp(`\\n  (readonly )?${name}[(:]`), `TenancySession.${name}`);
  }
  const error = new TenancySessionError(400, 'invalid_grant', 'gone', true);
  for (const name of Object.keys(error)) {
    assert.match(declarations, new RegExp(`\\n  (readonly )?${name}[?]?:`), `TenancySessionError.${name}`);
  }
});
