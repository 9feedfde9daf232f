/**
 * Access tokens of the local OAuth2 endpoint, shaped like Cognito's client-credentials access
 * tokens (sub, token_use, scope, auth_time, iss, exp, iat, version, jti, client_id), signed
 * HS256 with the key kept in state.json, so tokens survive a restart of a persistent runtime.
 */
import { randomUUID, webcrypto } from 'node:crypto';
import { type JWTPayload, jwtVerify, SignJWT } from 'jose';

export const TOKEN_LIFETIME_SECONDS = 3600;

export type AccessToken = { access_token: string; token_type: 'Bearer'; expires_in: number };

export type AccessTokenClaims = JWTPayload & {
  client_id: string;
  scope: string;
  token_use: 'access';
  sub: string;
  iss: string;
  exp: number;
  iat: number;
};

export class TokenService {
  readonly issuer: string;
  /**
   * The HMAC key, imported once: given raw bytes, jose imports them into WebCrypto again on every
   * sign and verify (as an authorizer keeps its key material warm, this keeps the imported key).
   */
  private readonly key: Promise<webcrypto.CryptoKey>;

  constructor(key: Uint8Array, issuer: string) {
    if (key.length < 32) throw new Error('the token signing key must have at least 32 bytes');
    this.key = webcrypto.subtle.importKey(
      'raw',
      new Uint8Array(key),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    this.issuer = issuer;
  }

  async issue(clientId: string, scopes: readonly string[]): Promise<AccessToken> {
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({
      client_id: clientId,
      scope: scopes.join(' '),
      token_use: 'access',
      auth_time: now,
      version: 2,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'motcua-local' })
      .setSubject(clientId)
      .setIssuer(this.issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
      .setJti(randomUUID())
      .sign(await this.key);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS };
  }

  /** The token's claims; throws when the signature, issuer, expiry or token use is wrong. */
  async verify(token: string): Promise<AccessTokenClaims> {
    const { payload } = await jwtVerify(token, await this.key, {
      issuer: this.issuer,
      algorithms: ['HS256'],
    });
    if (
      payload.token_use !== 'access' ||
      typeof payload.client_id !== 'string' ||
      typeof payload.scope !== 'string' ||
      typeof payload.exp !== 'number'
    ) {
      throw new Error('not an access token');
    }
    return payload as AccessTokenClaims;
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Epoch seconds as API Gateway renders `exp`/`iat` claims: `Wed Nov 06 03:25:07 UTC 2019`. */
export function gatewayDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${time} UTC ${d.getUTCFullYear()}`;
}

/**
 * The claims as an API Gateway (REST) Cognito user-pool authorizer hands them to the function
 * in `requestContext.authorizer.claims`: every value a string, and `exp`/`iat` rendered as
 * dates (Java's Date#toString) rather than epoch seconds — as in AWS, so code that reads them
 * fails locally the way it would in AWS.
 */
export function authorizerClaims(claims: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => {
      if ((name === 'exp' || name === 'iat') && typeof value === 'number') return [name, gatewayDate(value)];
      return [name, typeof value === 'string' ? value : JSON.stringify(value)];
    }),
  );
}
