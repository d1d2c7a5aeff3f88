// Type declarations of tenancy-session.js (Keycloak Tenancy's cookie-mode helper).

/** The active tenant claim of the access token, as the "Active tenant" mapper writes it. */
export interface TenantClaim {
  id: string;
  alias: string;
  name: string;
  roles?: string[];
  resource_access?: Record<string, { roles: string[] }>;
  groups?: string[];
  attributes?: Record<string, string | string[]>;
  [claim: string]: unknown;
}

export interface TenancySessionOptions {
  /** A client with cookie mode on (client attribute tenancy.session.cookie-mode=true). */
  clientId: string;
  /** e.g. https://sso.example.com/realms/acme; default: from the module's URL when Keycloak serves it. */
  realmUrl?: string;
  /** Where Keycloak sends the browser back; default: the current page. */
  redirectUri?: string;
  /** Default 'openid'. */
  scope?: string;
  /** Fraction of the access token's lifetime after which it is refreshed, between 0 and 1 (default 0.7). */
  refreshAt?: number;
  /** Origins that fetch() may send the access token to; default: the page's own origin. */
  apiOrigins?: string[];
}

export interface SessionChange {
  authenticated: boolean;
  tenant: TenantClaim | null;
  reason: 'login' | 'refresh' | 'switch' | 'expired' | 'logout' | 'error' | string;
  error?: unknown;
}

/**
 * A refused or failed call. `signedOut` is true when the session is gone (sign in again): the refresh token was
 * refused (`invalid_grant`, not on a switch) or there is no refresh cookie (401 `invalid_token`). `status` is 0 and
 * `error` 'network_error' when no answer came, 'origin_not_allowed' from fetch() to a URL outside apiOrigins.
 */
export class TenancySessionError extends Error {
  readonly status: number;
  readonly error: string;
  readonly description: string;
  signedOut: boolean;
  constructor(status: number, error: string, description: string, signedOut?: boolean);
}

/** Decodes a JWT's payload WITHOUT verifying it (for display and timing; the API verifies). */
export function decodeJwt(token: string): Record<string, unknown>;

export class TenancySession {
  constructor(options: TenancySessionOptions);
  readonly authenticated: boolean;
  readonly tokenParsed: Record<string, unknown> | null;
  readonly idTokenParsed: Record<string, unknown> | null;
  readonly tenant: TenantClaim | null;
  /** When the access token expires (epoch ms), 0 when signed out. */
  readonly expiresAt: number;
  onChange(listener: (change: SessionChange) => void): () => void;
  /** Handles the login callback or restores the session from the cookie: true when signed in. */
  init(): Promise<boolean>;
  login(options?: { tenant?: string; scope?: string; loginHint?: string; prompt?: string; redirectUri?: string }):
    Promise<never>;
  getAccessToken(): Promise<string>;
  refresh(): Promise<string>;
  switchTenant(alias: string): Promise<TenantClaim | null>;
  logout(): Promise<void>;
  /** fetch() with the bearer token, only to apiOrigins (rejects with error 'origin_not_allowed' otherwise). */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
}
