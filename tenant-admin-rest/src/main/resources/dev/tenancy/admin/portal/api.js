/*
 * The tenant API (/realms/{realm}/tenants/...) with the in-memory access token of the cookie-mode session
 * (tenancy-session.js): JSON in, JSON out, ApiError for every non-2xx answer.
 */

/** A refused call: HTTP status, Keycloak's error and error_description, and the field the description names. */
export class ApiError extends Error {
  constructor (status, error, errorDescription, field = null, fields = null) {
    super(`${status} ${error}: ${errorDescription}`);
    this.name = 'ApiError';
    this.status = status;
    this.error = error;
    this.errorDescription = errorDescription;
    /** The field named by a 400 ("email: not an e-mail address" names email), else null. */
    this.field = field;
    /** A refused tenant policy's "fields" object ({key: reason}), else null. */
    this.fields = fields;
  }
}

/**
 * The field a 400's description names first: the API writes "<field>: <problem>" (a policy: "Invalid tenant
 * policy: <key>: <reason>; ..."). Null when it names none.
 */
export function fieldOf (status, description, fields) {
  if (status !== 400 || typeof description !== 'string') return null;
  if (fields && typeof fields === 'object') {
    const keys = Object.keys(fields);
    if (keys.length) return keys[0];
  }
  const text = description.replace(/^Invalid tenant policy:\s*/, '');
  const match = /^([A-Za-z][A-Za-z0-9_.-]*):\s/.exec(text);
  return match ? match[1] : null;
}

/**
 * api(method, path, body?) for the pages: path relative to the API root (e.g. '/acme/members'); resolves to the
 * parsed JSON answer (null for 204), rejects with ApiError.
 */
export function createApi (session, apiUrl) {
  return async function api (method, path, body) {
    const init = { method, headers: { Accept: 'application/json' }, cache: 'no-store' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await session.fetch(apiUrl + path, init);
    } catch (e) {
      throw new ApiError(e.status || 0, e.error || 'network_error', e.description || e.message);
    }
    if (response.status === 204) return null;
    let data = null;
    const text = await response.text();
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
    if (!response.ok) {
      const description = data?.error_description || data?.errorMessage || response.statusText;
      throw new ApiError(response.status, data?.error || `http_${response.status}`, description,
        fieldOf(response.status, description, data?.fields), data?.fields || null);
    }
    return data;
  };
}
