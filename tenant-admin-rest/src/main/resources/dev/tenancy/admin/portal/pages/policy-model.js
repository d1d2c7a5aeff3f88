// The tenant policy form's model, without DOM: every key of tenant-context's PolicyKey (docs/ARCHITECTURE.md,
// "Tenant policies") with its type and range, the realm baseline each key is compared with (RealmBaseline's JSON
// fields, as GET /{alias}/policy answers them), the body of PUT /{alias}/policy built from the form's values, and the
// refused fields of the API's 400. Unit-tested with node (src/test/js/portal).

export const MFA_REQUIREMENTS = ['off', 'admins', 'all'];
export const MFA_METHODS = ['otp', 'webauthn', 'passkey', 'email', 'sms', 'recovery-codes'];
/** Message keys of the MFA requirements and methods (literal keys: the bundle test reads them). */
export const MFA_REQUIREMENT_LABELS = { off: 'policy.mfa.off', admins: 'policy.mfa.admins', all: 'policy.mfa.all' };
export const MFA_METHOD_LABELS = {
  otp: 'policy.method.otp',
  webauthn: 'policy.method.webauthn',
  passkey: 'policy.method.passkey',
  email: 'policy.method.email',
  sms: 'policy.method.sms',
  'recovery-codes': 'policy.method.recoveryCodes'
};
export const SECTION_TITLES = {
  mfa: 'policy.section.mfa',
  password: 'policy.section.password',
  session: 'policy.section.session',
  email: 'policy.section.email'
};

/**
 * Every key the API accepts, in the form's order. `baseline`: the RealmBaseline field the key tightens;
 * `bound`: whether the tenant's value must be at least (`min`) or at most (`max`) the realm's.
 */
export const POLICY_FIELDS = [
  { key: 'mfa', label: 'policy.field.mfa', help: 'policy.help.mfa', type: 'mfa', section: 'mfa' },
  { key: 'mfa.methods', label: 'policy.field.mfaMethods', help: 'policy.help.mfaMethods', type: 'methods', section: 'mfa' },
  { key: 'password.min-length', label: 'policy.field.passwordMinLength', help: 'policy.help.passwordMinLength', type: 'int', min: 1, max: 256, baseline: 'passwordMinLength', bound: 'min', section: 'password' },
  { key: 'password.upper-case', label: 'policy.field.passwordUpperCase', help: 'policy.help.passwordUpperCase', type: 'int', min: 0, max: 64, baseline: 'passwordUpperCase', bound: 'min', section: 'password' },
  { key: 'password.lower-case', label: 'policy.field.passwordLowerCase', help: 'policy.help.passwordLowerCase', type: 'int', min: 0, max: 64, baseline: 'passwordLowerCase', bound: 'min', section: 'password' },
  { key: 'password.digits', label: 'policy.field.passwordDigits', help: 'policy.help.passwordDigits', type: 'int', min: 0, max: 64, baseline: 'passwordDigits', bound: 'min', section: 'password' },
  { key: 'password.special-chars', label: 'policy.field.passwordSpecialChars', help: 'policy.help.passwordSpecialChars', type: 'int', min: 0, max: 64, baseline: 'passwordSpecialChars', bound: 'min', section: 'password' },
  { key: 'password.not-username', label: 'policy.field.passwordNotUsername', help: 'policy.help.passwordNotUsername', type: 'boolean', baseline: 'passwordNotUsername', section: 'password' },
  { key: 'password.not-email', label: 'policy.field.passwordNotEmail', help: 'policy.help.passwordNotEmail', type: 'boolean', baseline: 'passwordNotEmail', section: 'password' },
  { key: 'password.history', label: 'policy.field.passwordHistory', help: 'policy.help.passwordHistory', type: 'int', min: 1, max: 24, baseline: 'passwordHistory', bound: 'min', section: 'password' },
  { key: 'password.max-age-days', label: 'policy.field.passwordMaxAgeDays', help: 'policy.help.passwordMaxAgeDays', type: 'int', min: 1, max: 3650, baseline: 'passwordMaxAgeDays', bound: 'max', section: 'password' },
  { key: 'session.idle-seconds', label: 'policy.field.sessionIdleSeconds', help: 'policy.help.sessionIdleSeconds', type: 'seconds', min: 10, max: 31536000, baseline: 'ssoSessionIdleSeconds', bound: 'max', section: 'session' },
  { key: 'session.max-seconds', label: 'policy.field.sessionMaxSeconds', help: 'policy.help.sessionMaxSeconds', type: 'seconds', min: 10, max: 31536000, baseline: 'ssoSessionMaxSeconds', bound: 'max', section: 'session' },
  { key: 'email.verified-required', label: 'policy.field.emailVerifiedRequired', help: 'policy.help.emailVerifiedRequired', type: 'boolean', section: 'email' },
  { key: 'email.allowed-domains', label: 'policy.field.emailAllowedDomains', help: 'policy.help.emailAllowedDomains', type: 'domains', min: 1, max: 100, section: 'email' }
];

export const POLICY_KEYS = POLICY_FIELDS.map(f => f.key);

/** The id of a key's input in the form: `policy-password-min-length`. */
export function inputId (key) {
  return 'policy-' + key.replace(/[^a-z0-9]+/g, '-');
}

/**
 * The form's values of a stored policy (GET's `policy` object): strings for numbers ('' = unset), booleans, the MFA
 * requirement ('off' when unset), a method list, and the domains one per line.
 */
export function formValues (policy = {}) {
  const values = {};
  for (const field of POLICY_FIELDS) {
    const stored = policy[field.key];
    switch (field.type) {
      case 'mfa': values[field.key] = MFA_REQUIREMENTS.includes(stored) ? stored : 'off'; break;
      case 'methods': values[field.key] = Array.isArray(stored) ? stored.filter(m => MFA_METHODS.includes(m)) : []; break;
      case 'boolean': values[field.key] = stored === true; break;
      case 'domains': values[field.key] = Array.isArray(stored) ? stored.join('\n') : ''; break;
      default: values[field.key] = stored === undefined || stored === null ? '' : String(stored);
    }
  }
  return values;
}

/**
 * The body of PUT /{alias}/policy (the WHOLE policy: a key left out is unset) from the form's values. An empty
 * number is unset; a whole number is sent as a number, anything else as typed (the API says what is wrong with it).
 * A cleared check box is unset, not `false` (a false rule adds nothing, like an unset one), except where the stored
 * policy said `false`, which stays. `mfa: off` is sent only where it was stored (unset means the same), and methods
 * only when some are ticked.
 */
export function policyBody (values, stored = {}) {
  const body = {};
  for (const field of POLICY_FIELDS) {
    const value = values[field.key];
    switch (field.type) {
      case 'mfa':
        if (value && (value !== 'off' || stored.mfa === 'off')) body.mfa = value;
        break;
      case 'methods':
        if (Array.isArray(value) && value.length) body[field.key] = [...value];
        break;
      case 'boolean':
        if (value === true) body[field.key] = true;
        else if (stored[field.key] === false) body[field.key] = false;
        break;
      case 'domains': {
        const domains = String(value || '').split(/[\s,;]+/).map(d => d.trim()).filter(Boolean);
        if (domains.length) body[field.key] = domains;
        break;
      }
      default: {
        const text = String(value ?? '').trim();
        if (text === '') break;
        body[field.key] = /^[+-]?\d{1,10}$/.test(text) ? Number(text) : text;
      }
    }
  }
  return body;
}

/**
 * The refused fields of a 400 of PUT /{alias}/policy, as {key: reason}. Prefers the body's `fields` object when the
 * error carries it; else reads `error_description`, "Invalid tenant policy: <key>: <reason>; <key>: <reason>"
 * (TenantPolicyValidator), where a reason may itself contain ": " or "; " (only a known key after "; " starts the
 * next one); else the ApiError's own `field`. Keys the form does not know are returned too (under their name).
 */
export function policyFieldErrors (error) {
  const result = {};
  if (!error) return result;
  const fields = error.fields || error.body?.fields;
  if (fields && typeof fields === 'object') {
    for (const [key, reason] of Object.entries(fields)) result[key] = String(reason);
    if (Object.keys(result).length) return result;
  }
  const description = typeof error.errorDescription === 'string' ? error.errorDescription
    : typeof error.error_description === 'string' ? error.error_description : '';
  const prefix = 'Invalid tenant policy: ';
  if (description.startsWith(prefix)) {
    const text = description.slice(prefix.length);
    const keys = [...POLICY_KEYS].sort((a, b) => b.length - a.length);
    const starts = [];
    let position = 0;
    while (position < text.length) {
      const key = keys.find(k => text.startsWith(k + ': ', position));
      if (key) {
        starts.push({ key, at: position, reasonAt: position + key.length + 2 });
      } else if (position === 0) {
        // an unknown key: "<name>: unknown policy key; known keys: [...]"
        const colon = text.indexOf(': ');
        if (colon > 0) starts.push({ key: text.slice(0, colon), at: 0, reasonAt: colon + 2 });
      }
      const next = text.indexOf('; ', position + 1);
      if (next < 0) break;
      position = next + 2;
    }
    starts.forEach((start, i) => {
      const end = i + 1 < starts.length ? starts[i + 1].at - 2 : text.length;
      const reason = text.slice(start.reasonAt, end);
      result[start.key] = result[start.key] ? result[start.key] + '; ' + reason : reason;
    });
    if (Object.keys(result).length) return result;
  }
  if (error.field) {
    const field = String(error.field);
    const own = field + ': ';
    result[field] = description.startsWith(own) ? description.slice(own.length) : description;
  }
  return result;
}

/** A number of seconds for people: "1800 s (30 min)", "36000 s (10 h)", "90 s". */
export function secondsText (seconds) {
  const s = Number(seconds);
  if (!Number.isFinite(s) || s <= 0) return '';
  if (s % 86400 === 0) return `${s} s (${s / 86400} d)`;
  if (s % 3600 === 0) return `${s} s (${s / 3600} h)`;
  if (s % 60 === 0 && s >= 120) return `${s} s (${s / 60} min)`;
  return `${s} s`;
}
