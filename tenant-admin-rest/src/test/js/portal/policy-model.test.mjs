// The policy page's model: every key of tenant-context's PolicyKey, the PUT body from the form, and the refused
// fields of the API's 400 (TenantPolicyValidator's error_description and fields).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const { POLICY_FIELDS, POLICY_KEYS, formValues, inputId, policyBody, policyFieldErrors, secondsText } = await import(
  '../../../main/resources/dev/tenancy/admin/portal/pages/policy-model.js');

test('the form has exactly the keys and ranges of PolicyKey.java', () => {
  const java = readFileSync(new URL('../../../../../tenant-context/src/main/java/dev/tenancy/context/policy/PolicyKey.java',
    import.meta.url), 'utf8');
  const declared = [...java.matchAll(/^\s+[A-Z_]+\(\s*"([a-z.-]+)",\s*Type\.([A-Z_]+),\s*([\d_]+|MfaMethod\.values\(\)\.length),\s*([\d_]+|MfaMethod\.values\(\)\.length)\)/gm)]
    .map(m => ({ key: m[1], type: m[2], min: m[3], max: m[4] }));
  assert.deepEqual(POLICY_KEYS, declared.map(d => d.key));
  for (const d of declared.filter(d => d.type === 'INT')) {
    const field = POLICY_FIELDS.find(f => f.key === d.key);
    assert.equal(field.min, Number(d.min.replaceAll('_', '')), d.key);
    assert.equal(field.max, Number(d.max.replaceAll('_', '')), d.key);
  }
  const methods = readFileSync(new URL('../../../../../tenant-context/src/main/java/dev/tenancy/context/policy/MfaMethod.java',
    import.meta.url), 'utf8');
  const values = [...methods.matchAll(/^\s+[A-Z_]+\(\s*"([a-z-]+)",\s*Set\.of/gm)].map(m => m[1]);
  const model = POLICY_FIELDS.find(f => f.key === 'mfa.methods');
  assert.ok(model);
  assert.deepEqual(values, ['otp', 'webauthn', 'passkey', 'email', 'sms', 'recovery-codes']);
});

test('a stored policy fills the form, and the unchanged form writes the same policy back', () => {
  const stored = {
    mfa: 'admins', 'mfa.methods': ['otp', 'webauthn'], 'password.min-length': 12, 'password.not-username': true,
    'session.idle-seconds': 900, 'email.allowed-domains': ['acme.com', 'acme.de'], 'email.verified-required': true
  };
  const values = formValues(stored);
  assert.equal(values['password.min-length'], '12');
  assert.equal(values['password.digits'], '');
  assert.equal(values['email.allowed-domains'], 'acme.com\nacme.de');
  assert.deepEqual(policyBody(values, stored), stored);
});

test('empty fields are unset; off and false are kept only where they were stored', () => {
  const empty = formValues({});
  assert.deepEqual(policyBody(empty, {}), {});
  assert.deepEqual(policyBody(empty, { mfa: 'off', 'password.not-email': false }), { mfa: 'off', 'password.not-email': false });
});

test('numbers are sent as numbers, anything else as typed; domains split on lines, commas and spaces', () => {
  const values = formValues({});
  values['password.min-length'] = ' 10 ';
  values['password.history'] = 'ten';
  values['email.allowed-domains'] = 'acme.com, acme.de\n\n  example.org';
  assert.deepEqual(policyBody(values, {}), {
    'password.min-length': 10, 'password.history': 'ten', 'email.allowed-domains': ['acme.com', 'acme.de', 'example.org']
  });
});

test('the 400 description names the fields, even when a reason holds ": " or "; "', () => {
  const description = 'Invalid tenant policy: mfa.methods: unknown method \'sms2\': must be a list of [otp, webauthn]; '
    + 'password.min-length: must not be weaker than the realm\'s password policy: at least 8, not 4; '
    + 'session.idle-seconds: must not be longer than the realm\'s SSO session idle timeout of 1800 s, not 3600; '
    + 'session.idle-seconds: must not be longer than session.max-seconds (600), not 3600';
  assert.deepEqual(policyFieldErrors({ status: 400, errorDescription: description }), {
    'mfa.methods': 'unknown method \'sms2\': must be a list of [otp, webauthn]',
    'password.min-length': 'must not be weaker than the realm\'s password policy: at least 8, not 4',
    'session.idle-seconds': 'must not be longer than the realm\'s SSO session idle timeout of 1800 s, not 3600; '
      + 'must not be longer than session.max-seconds (600), not 3600'
  });
});

test('mfa is not mistaken for mfa.methods; an unknown key is reported under its name', () => {
  assert.deepEqual(policyFieldErrors({ errorDescription: 'Invalid tenant policy: mfa.methods: has no effect without mfa (admins or all)' }),
    { 'mfa.methods': 'has no effect without mfa (admins or all)' });
  assert.deepEqual(policyFieldErrors({ errorDescription: 'Invalid tenant policy: mfa: must be one of off, admins, all, not \'some\'' }),
    { mfa: 'must be one of off, admins, all, not \'some\'' });
  assert.deepEqual(policyFieldErrors({ errorDescription: 'Invalid tenant policy: pasword.min-length: unknown policy key; known keys: [mfa]' }),
    { 'pasword.min-length': 'unknown policy key; known keys: [mfa]' });
});

test('the body\'s fields object wins; else the ApiError field', () => {
  assert.deepEqual(policyFieldErrors({ fields: { 'password.digits': 'must be a whole number' }, errorDescription: 'x' }),
    { 'password.digits': 'must be a whole number' });
  assert.deepEqual(policyFieldErrors({ field: 'body', errorDescription: 'body: a JSON object is required' }),
    { body: 'a JSON object is required' });
  assert.deepEqual(policyFieldErrors(null), {});
});

test('input ids and seconds for people', () => {
  assert.equal(inputId('password.min-length'), 'policy-password-min-length');
  assert.equal(new Set(POLICY_KEYS.map(inputId)).size, POLICY_KEYS.length);
  assert.equal(secondsText(1800), '1800 s (30 min)');
  assert.equal(secondsText(36000), '36000 s (10 h)');
  assert.equal(secondsText(86400), '86400 s (1 d)');
  assert.equal(secondsText(90), '90 s');
  assert.equal(secondsText(0), '');
});
