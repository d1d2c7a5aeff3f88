// The portal's routes: parsing, and the route it comes back to after a login that left the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const { parseRoute, routeHash, returnRouteFor, returnRecord, returnRouteOf, RETURN_MAX_AGE_MS } =
  await import('../../../main/resources/dev/tenancy/admin/portal/routes.js');

test('routes parse and print back to the same hash; unknown ones are not found', () => {
  for (const hash of ['#/', '#/invitations', '#/admin/tenants', '#/t/acme/members', '#/t/a%20b/audit']) {
    assert.equal(routeHash(parseRoute(hash)), hash);
  }
  assert.deepEqual(parseRoute('#/t/a%20b/roles').alias, 'a b');
  for (const hash of ['#/t/acme/nope', '#/t//members', '#/x', '#/t/%E0%A4%A/members']) {
    assert.equal(parseRoute(hash).kind, 'not-found', hash);
  }
  assert.equal(parseRoute('').kind, 'home');
});

test('after a login into a tenant: the same route, a page of another tenant becomes the page of the new one', () => {
  assert.equal(returnRouteFor('#/t/acme/roles', 'acme'), '#/t/acme/roles');
  assert.equal(returnRouteFor('#/t/globex/audit', 'acme'), '#/t/acme/audit');
  assert.equal(returnRouteFor('#/invitations', 'acme'), '#/invitations');
  assert.equal(returnRouteFor('#/admin/tenants', 'acme'), '#/admin/tenants');
  assert.equal(returnRouteFor('#/whatever', 'acme'), '#/');
  assert.equal(returnRouteFor('', 'acme'), '#/');
});

test('a stored route is honoured only when it is a recent portal route in its normal form', () => {
  const now = 1_000_000_000;
  assert.equal(returnRouteOf(returnRecord('#/t/acme/roles', now), now + 1000), '#/t/acme/roles');
  assert.equal(returnRouteOf(returnRecord('#/invitations', now), now), '#/invitations');
  // stale, from the future, or without a time
  assert.equal(returnRouteOf(returnRecord('#/t/acme/roles', now), now + RETURN_MAX_AGE_MS), null);
  assert.equal(returnRouteOf(returnRecord('#/t/acme/roles', now + 5), now), null);
  assert.equal(returnRouteOf(JSON.stringify({ route: '#/t/acme/roles' }), now), null);
  // never anything but a portal hash: no URL, no script, no other host, nothing parseRoute does not know
  for (const route of ['https://evil.example/', '//evil.example/#/', 'javascript:alert(1)', '/realms/x/account',
    '#/t/acme/roles?x=1', '#/t/acme/../../x', '#//evil.example', '#/t/acme/nope', '#/admin/tenants/', ' #/',
    '#/t/a b/members', '#/' + 'a'.repeat(600), 42, null]) {
    assert.equal(returnRouteOf(returnRecord(route, now), now), null, String(route));
  }
  for (const stored of ['', 'not json', '"#/"', '[]', 'null', '{"route":{"x":1},"at":1}']) {
    assert.equal(returnRouteOf(stored, now), null, stored);
  }
});
