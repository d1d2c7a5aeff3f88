/*
 * The portal's routes (location hashes) as pure logic, without the page: parsing, and the route to come back to
 * after a sign-in that leaves the page (Keycloak's login, e.g. when a tenant switch needs a new login).
 */

/** The tenant pages in navigation order, with the permission that shows each. */
export const TENANT_PAGES = [
  { id: 'members', module: 'members', permission: 'view-members' },
  { id: 'invitations', module: 'invitations', permission: 'manage-invitations' },
  { id: 'roles', module: 'roles', permission: 'view-members' },
  { id: 'policy', module: 'policy', permission: 'manage-policies' },
  { id: 'branding', module: 'branding', permission: 'manage-policies' },
  { id: 'audit', module: 'audit', permission: 'view-audit' }
];

/** The route of a location hash: {kind, alias?, page?}. */
export function parseRoute (hash) {
  const path = (hash || '').replace(/^#/, '') || '/';
  if (path === '/') return { kind: 'home' };
  if (path === '/invitations') return { kind: 'my-invitations' };
  if (path === '/admin/tenants') return { kind: 'tenants-admin' };
  const match = /^\/t\/([^/]+)\/([a-z-]+)$/.exec(path);
  if (match) {
    const page = TENANT_PAGES.find(p => p.id === match[2]);
    if (page) {
      try {
        return { kind: 'tenant', alias: decodeURIComponent(match[1]), page };
      } catch {
        return { kind: 'not-found' }; // a malformed escape (%E0%A4%A): no tenant's alias
      }
    }
  }
  return { kind: 'not-found' };
}

/** The hash of a parsed route; null for not-found. */
export function routeHash (route) {
  switch (route.kind) {
    case 'home': return '#/';
    case 'my-invitations': return '#/invitations';
    case 'tenants-admin': return '#/admin/tenants';
    case 'tenant': return `#/t/${encodeURIComponent(route.alias)}/${route.page.id}`;
    default: return null;
  }
}

/** sessionStorage key of the route to come back to; never a token, removed as the page starts. */
export const RETURN_KEY = 'tenancy-portal.return';
/** A remembered route older than this is ignored (an abandoned login). */
export const RETURN_MAX_AGE_MS = 10 * 60 * 1000;
const MAX_HASH_LENGTH = 512;

/**
 * The route to come back to after signing in to tenant `alias` from the route `hash`: the same route, except that a
 * page of another tenant becomes the same page of `alias` (coming back to the other tenant's page would switch the
 * session back to it). Always a portal route (a hash parseRoute knows), never a URL.
 */
export function returnRouteFor (hash, alias) {
  const route = parseRoute(hash);
  if (route.kind === 'tenant' && alias) return routeHash({ ...route, alias });
  return routeHash(route) || '#/';
}

/** What the portal stores before leaving for the login: the route and when. */
export function returnRecord (route, now = Date.now()) {
  return JSON.stringify({ route, at: now });
}

/**
 * The route of a stored record, validated: only a portal route (a hash that parseRoute knows, in its normal form),
 * and only a recent one; null for anything else (unparsable, stale, another page's URL, javascript:, //host, ...).
 */
export function returnRouteOf (stored, now = Date.now()) {
  let record;
  try {
    record = JSON.parse(stored);
  } catch {
    return null;
  }
  const route = record?.route;
  if (typeof route !== 'string' || route.length > MAX_HASH_LENGTH || !route.startsWith('#/')) return null;
  if (typeof record.at !== 'number' || !(now - record.at >= 0 && now - record.at < RETURN_MAX_AGE_MS)) return null;
  const parsed = parseRoute(route);
  return routeHash(parsed) === route ? route : null;
}
