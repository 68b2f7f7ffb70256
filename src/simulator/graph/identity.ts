// The identity platform's side of the simulated tenant: the OpenID configuration document and
// instance discovery that @azure/identity (MSAL) reads for a custom authority, the v2.0 token
// endpoint (client credentials: a secret, or a client assertion for certificate auth), and the
// bearer-token check every Graph request passes.
import { randomUUID } from 'node:crypto';
import { json, oauthError } from './responses.ts';

export interface IdentityOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Lifetime of issued tokens. Default 3600. */
  tokenLifetimeSeconds?: number;
  /** Clock in ms (tests move it forward to expire tokens). Default Date.now. */
  now?: () => number;
}

interface IssuedToken {
  /** The resource the token is for: the origin of its `.default` scope. */
  audience: string;
  expiresAt: number;
}

export type TokenCheck = { ok: true } | { ok: false; code: string; message: string };

export interface SimulatedIdentity {
  /** Handles identity routes; undefined for anything else. */
  handle(request: Request, url: URL): Promise<Response | undefined>;
  /** Is this Authorization header a live token for this Graph origin? */
  checkBearer(header: string | null, graphOrigin: string): TokenCheck;
  readonly tokensIssued: number;
  /** How the last token request authenticated the app. */
  readonly lastClientAuth: 'secret' | 'assertion' | null;
  /** The client assertion of the last token issued with one (a signed JWT, or a federated token). */
  readonly lastClientAssertion: string | null;
  /** Every token issued so far stops working (as after a secret rotation or a clock jump). */
  revokeTokens(): void;
}

export function createSimulatedIdentity(options: IdentityOptions): SimulatedIdentity {
  const now = options.now ?? Date.now;
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const tenant = options.tenantId.toLowerCase();
  const tokens = new Map<string, IssuedToken>();
  let tokensIssued = 0;
  let lastClientAuth: 'secret' | 'assertion' | null = null;
  let lastClientAssertion: string | null = null;

  function tenantOf(url: URL): string | undefined {
    return url.pathname.split('/')[1]?.toLowerCase();
  }

  function openIdConfiguration(url: URL): Response {
    const base = `${url.origin}/${options.tenantId}`;
    return json(200, {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${url.origin}/${options.tenantId}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${url.origin}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid'],
      tenant_region_scope: 'EU',
      cloud_instance_name: url.host,
    });
  }

  // MSAL asks the authority host which aliases it has when instance discovery is on.
  function instanceDiscovery(url: URL): Response {
    return json(200, {
      tenant_discovery_endpoint: `${url.origin}/${options.tenantId}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: url.host, preferred_cache: url.host, aliases: [url.host] }],
    });
  }

  async function token(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    }
    if (form.get('client_id') !== options.clientId) {
      return oauthError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${form.get('client_id')}' was not found in the directory.`,
      );
    }
    const secretOk = form.get('client_secret') === options.clientSecret;
    // Certificate auth sends a signed assertion; the simulator trusts any (no key is registered).
    const assertionOk =
      form.get('client_assertion_type') !== null && (form.get('client_assertion') ?? '') !== '';
    if (!secretOk && !assertionOk) {
      return oauthError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
    }
    const scope = form.get('scope') ?? '';
    const audience = scope
      .split(' ')
      .find((item) => item.endsWith('/.default'))
      ?.slice(0, -'/.default'.length);
    if (audience === undefined || !URL.canParse(audience)) {
      return oauthError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid.`);
    }
    tokensIssued += 1;
    lastClientAuth = secretOk ? 'secret' : 'assertion';
    if (!secretOk) lastClientAssertion = form.get('client_assertion');
    const accessToken = `sim.${tokensIssued}.${randomUUID()}`;
    tokens.set(accessToken, { audience: new URL(audience).origin, expiresAt: now() + lifetime * 1000 });
    return json(200, {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
    });
  }

  return {
    get tokensIssued() {
      return tokensIssued;
    },
    get lastClientAuth() {
      return lastClientAuth;
    },
    get lastClientAssertion() {
      return lastClientAssertion;
    },
    revokeTokens() {
      tokens.clear();
    },
    async handle(request, url) {
      const path = url.pathname;
      if (request.method === 'GET' && path.endsWith('/discovery/instance')) return instanceDiscovery(url);
      if (tenantOf(url) !== tenant) return undefined;
      if (request.method === 'GET' && path.endsWith('/v2.0/.well-known/openid-configuration')) {
        return openIdConfiguration(url);
      }
      if (request.method === 'POST' && path.endsWith('/oauth2/v2.0/token')) return token(request);
      return undefined;
    },
    checkBearer(header, graphOrigin) {
      const match = /^Bearer (\S+)$/.exec(header ?? '');
      if (match === null) {
        return { ok: false, code: 'InvalidAuthenticationToken', message: 'Access token is empty.' };
      }
      const issued = tokens.get(match[1]!);
      if (issued === undefined) {
        return { ok: false, code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' };
      }
      if (issued.expiresAt <= now()) {
        return {
          ok: false,
          code: 'InvalidAuthenticationToken',
          message: 'Lifetime validation failed, the token is expired.',
        };
      }
      if (issued.audience !== graphOrigin) {
        return {
          ok: false,
          code: 'InvalidAuthenticationToken',
          message: 'Access token validation failure. Invalid audience.',
        };
      }
      return { ok: true };
    },
  };
}
