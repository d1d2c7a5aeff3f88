// Pure logic of the branding, audit and realm-admin pages: request bodies and queries, and the field a 400 names.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const pages = '../../../main/resources/dev/tenancy/admin/portal/pages/';
const { fieldOfDescription } = await import(pages + 'page-kit.js');
const { brandingBody, brandingErrorField } = await import(pages + 'branding.js');
const { eventsQuery, auditErrorField, PAGE_SIZE } = await import(pages + 'audit.js');
const { tenantsQuery, createBody, createErrorField } = await import(pages + 'tenants-admin.js');

test('fieldOfDescription takes the longest known field that starts the description', () => {
  assert.deepEqual(fieldOfDescription('branding.logo-url: must be an absolute https:// URL', ['branding', 'branding.logo-url']),
    { field: 'branding.logo-url', message: 'must be an absolute https:// URL' });
  assert.equal(fieldOfDescription('A tenant with this alias or name exists', ['alias', 'name']), null);
  assert.equal(fieldOfDescription(undefined, ['alias']), null);
});

test('branding: empty values remove the key; the API\'s and the attribute check\'s field names map to inputs', () => {
  assert.deepEqual(brandingBody({ 'display-name': ' Acme ', 'logo-url': '', 'primary-color': '#b3261e' }),
    { branding: { 'display-name': 'Acme', 'logo-url': null, 'primary-color': '#b3261e' } });
  assert.deepEqual(brandingErrorField({ status: 400, errorDescription: 'branding.primary-color: must be a colour #rrggbb' }),
    { key: 'primary-color', message: 'must be a colour #rrggbb' });
  assert.deepEqual(brandingErrorField({ status: 400,
    errorDescription: 'Invalid organization attribute: tenancy.branding.logo-url: must be an absolute https:// URL; x' }),
  { key: 'logo-url', message: 'must be an absolute https:// URL' });
  assert.equal(brandingErrorField({ status: 400, errorDescription: 'name: must not be empty' }), null);
});

test('audit: the query carries only the filters set, the type in upper case, and one event more than a page', () => {
  assert.equal(eventsQuery({ kind: 'admin' }, 0), `kind=admin&first=0&max=${PAGE_SIZE + 1}`);
  assert.equal(eventsQuery({ kind: 'user', type: ' refresh_token ', dateFrom: '2026-12-01', dateTo: '2026-12-04' }, 40),
    `kind=user&type=REFRESH_TOKEN&dateFrom=2026-12-01&dateTo=2026-12-04&first=40&max=${PAGE_SIZE + 1}`);
  assert.equal(eventsQuery({ kind: 'evil' }, -5), `kind=admin&first=0&max=${PAGE_SIZE + 1}`);
  assert.deepEqual(auditErrorField({ errorDescription: 'dateFrom: must be a date YYYY-MM-DD' }),
    { field: 'dateFrom', message: 'must be a date YYYY-MM-DD' });
  assert.equal(auditErrorField({ errorDescription: 'Forbidden' }), null);
});

test('realm admins: search and paging query, create body without empty optional fields, errors to fields', () => {
  assert.equal(tenantsQuery('  acme ', 20), 'search=acme&first=20&max=21');
  assert.equal(tenantsQuery('', 0), 'first=0&max=21');
  assert.deepEqual(createBody({ alias: ' acme ', name: 'Acme', description: '', adminUserId: ' ' }), { alias: 'acme', name: 'Acme' });
  assert.deepEqual(createErrorField({ status: 400, errorDescription: 'alias: must be lower-case letters' }),
    { field: 'alias', message: 'must be lower-case letters' });
  assert.deepEqual(createErrorField({ status: 409, errorDescription: 'A tenant with this alias or name exists' }),
    { field: 'alias', message: 'A tenant with this alias or name exists' });
  assert.deepEqual(createErrorField({ status: 400, errorDescription: 'adminUserId: no such user' }),
    { field: 'adminUserId', message: 'no such user' });
});
