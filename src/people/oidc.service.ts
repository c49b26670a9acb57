import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors as joseErrors, type JWTPayload, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import { type OidcConfig, QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { LOGGER } from '../infra/logger.provider.js';
import { Problem } from '../http/problem.js';
import { type Audited, recordAudit } from '../audit/audit.store.js';
import { type Person, personSubject, type Principal, ROLES, type Role } from '../auth/roles.js';
import { PersonRepository } from './person.repository.js';
import { SessionRepository } from './session.repository.js';

const SESSION_PREFIX = 'qs_';
/** How long a sign-in may take between the redirect to the provider and its callback. */
const SIGN_IN_MS = 10 * 60_000;
/** A token with an unknown `kid` refetches the provider's keys at most this often (so forged kids cannot flood it). */
const JWKS_COOLDOWN_MS = 5_000;
/** Keys are refetched at least this often, so a key the provider removed stops being accepted. */
const JWKS_MAX_AGE_MS = 10 * 60_000;
/** A bearer token's person is written at most this often (last seen), not on every request. */
const PERSON_REFRESH_MS = 60_000;

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Why a sign-in or a token was refused: said to the caller, and written to the audit log. */
export class SignInRefused extends Error {
  constructor(
    readonly reason: string,
    readonly status: 401 | 403,
    detail: string,
  ) {
    super(detail);
  }
}

/** A failed sign-in: what the callback records before it tells the browser. */
export interface SignInFailure {
  reason: string;
  detail: string;
}

/**
 * OpenID Connect: bearer JWTs for the API (verified by `jose` against the provider's JWKS, found
 * through discovery) and the console's authorization-code + PKCE sign-in (`openid-client`), which
 * ends in a Quell session: an opaque random token, stored hashed, with an expiry.
 */
@Injectable()
export class OidcService {
  private discovered?: Promise<{ config: oidc.Configuration; jwks: ReturnType<typeof createRemoteJWKSet> }>;
  private readonly recentPeople = new Map<string, { person: Person; until: number }>();

  constructor(
    @Inject(QUELL_CONFIG) private readonly quell: QuellConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly people: PersonRepository,
    private readonly sessions: SessionRepository,
  ) {}

  get settings(): OidcConfig | undefined {
    return this.quell.oidc;
  }

  private require(): OidcConfig {
    if (!this.quell.oidc) throw Problem.notFound('Sign-in through an OpenID provider (it is not configured)');
    return this.quell.oidc;
  }

  /** Discovery once (retried after a failure): the provider's endpoints and its key set. */
  private provider() {
    const s = this.require();
    this.discovered ??= (async () => {
      const secret = s.clientSecret?.();
      const config = await oidc.discovery(
        new URL(s.issuer),
        s.clientId,
        { [oidc.clockTolerance]: s.clockSkewSeconds },
        secret ? oidc.ClientSecretBasic(secret) : oidc.None(),
        { timeout: 10, ...(s.allowInsecureHttp ? { execute: [oidc.allowInsecureRequests] } : {}) },
      );
      const jwksUri = config.serverMetadata().jwks_uri;
      if (!jwksUri) throw new Error('the provider publishes no jwks_uri');
      const jwks = createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: JWKS_COOLDOWN_MS, cacheMaxAge: JWKS_MAX_AGE_MS });
      return { config, jwks };
    })();
    this.discovered.catch((err: unknown) => {
      this.log.warn({ err, issuer: s.issuer }, 'OpenID provider discovery failed');
      this.discovered = undefined;
    });
    return this.discovered;
  }

  private async providerOrUnavailable() {
    try {
      return await this.provider();
    } catch {
      throw new Problem(503, 'identity-provider-unavailable', 'The OpenID provider cannot be reached; try again shortly.');
    }
  }

  /** The Quell role a person's groups or roles map to: the most capable one. */
  roleFor(claims: JWTPayload): Role {
    const s = this.require();
    let value: unknown = claims;
    for (const part of s.roleClaim.split('.'))
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    const values = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\s+/) : [];
    const mapped = new Set(values.filter((v): v is string => typeof v === 'string').flatMap((v) => s.roleMap[v] ?? []));
    // Most capable first: an approver who is also an analyst signs in as approver.
    const role = [...ROLES].reverse().find((r) => mapped.has(r));
    if (!role)
      throw new SignInRefused(
        'no_role',
        403,
        `None of the values in the token's '${s.roleClaim}' claim maps to a Quell role (see OIDC_ROLE_MAP); ask an administrator for access.`,
      );
    return role;
  }

  private async personFrom(claims: JWTPayload, issuer: string): Promise<Person> {
    const key = `${issuer}\n${claims.sub}`;
    const recent = this.recentPeople.get(key);
    if (recent && recent.until > Date.now()) return recent.person;
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : undefined);
    const email = str(claims.email) ?? null;
    const name = str(claims.name) ?? str(claims.preferred_username) ?? email ?? claims.sub!;
    const row = await this.people.upsert({ issuer, subject: claims.sub!, name, email });
    const person: Person = { id: row.id, issuer: row.issuer, subject: row.subject, name: row.name, email: row.email };
    if (this.recentPeople.size > 10_000) this.recentPeople.clear();
    this.recentPeople.set(key, { person, until: Date.now() + PERSON_REFRESH_MS });
    return person;
  }

  /** A bearer access token: signature (JWKS), issuer, audience, expiry and not-before, with the configured clock skew. */
  async verifyAccessToken(token: string): Promise<Principal> {
    const s = this.require();
    const { config, jwks } = await this.providerOrUnavailable();
    const issuer = config.serverMetadata().issuer;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer,
        audience: s.audience,
        clockTolerance: s.clockSkewSeconds,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (err) {
      throw new SignInRefused(tokenFailure(err), 401, 'The access token is not valid for Quell (signature, issuer, audience or lifetime).');
    }
    const role = this.roleFor(payload);
    const person = await this.personFrom(payload, issuer);
    return {
      keyId: `token:${payload.jti ?? hashToken(token).slice(0, 16)}`,
      name: person.name,
      role,
      subject: personSubject(person.id),
      person,
      tokenIssuedAt: new Date((payload.iat ?? 0) * 1000),
    };
  }

  /** Starts a sign-in: the provider's authorization URL (code + PKCE, state, nonce) and the state to bind to the browser. */
  async startSignIn(): Promise<{ url: string; state: string }> {
    const s = this.require();
    if (!s.redirectUri) throw Problem.notFound('Console sign-in (OIDC_REDIRECT_URI is not set)');
    const { config } = await this.providerOrUnavailable();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    await this.sessions.startSignIn({ stateHash: hashToken(state), codeVerifier, nonce, expiresAt: new Date(Date.now() + SIGN_IN_MS) });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: s.redirectUri,
      scope: s.scopes,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /**
   * Finishes a sign-in at the callback: the state must be the one this browser started with, the
   * code is exchanged with the PKCE verifier, the ID token checked (nonce included), the person's
   * groups mapped to a role; then a session. Success and failure are both audited.
   */
  async finishSignIn(
    callbackUrl: URL,
    browserState: string | undefined,
    source: Audited['source'],
  ): Promise<{ ok: true; token: string; expiresAt: Date } | ({ ok: false } & SignInFailure)> {
    const s = this.require();
    try {
      const state = callbackUrl.searchParams.get('state');
      if (!state || !browserState || state !== browserState)
        throw new SignInRefused('state_mismatch', 401, 'The sign-in did not start in this browser, or took too long.');
      const pending = await this.sessions.takeSignIn(hashToken(state));
      if (!pending) throw new SignInRefused('unknown_state', 401, 'The sign-in expired or was already used; sign in again.');
      const { config } = await this.providerOrUnavailable();
      let claims: JWTPayload;
      try {
        const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        claims = tokens.claims()!;
      } catch (err) {
        throw new SignInRefused('provider_refused', 401, `The provider did not complete the sign-in: ${(err as Error).message}`);
      }
      const role = this.roleFor(claims);
      const person = await this.personFrom(claims, config.serverMetadata().issuer);
      if (!(await this.people.standing(person.id)).active)
        throw new SignInRefused('person_deactivated', 403, 'This person was deactivated in Quell; ask an administrator.');
      const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + s.sessionMs);
      await this.sessions.db.transaction(async (m) => {
        await this.sessions.insert({ tokenHash: hashToken(token), personId: person.id, role, expiresAt }, m);
        await recordAudit(m, {
          actor: personActor(person),
          source,
          action: 'auth.signed_in',
          target: { type: 'person', id: person.id },
          after: { role, expiresAt },
        });
      });
      return { ok: true, token, expiresAt };
    } catch (err) {
      const failure: SignInFailure =
        err instanceof SignInRefused
          ? { reason: err.reason, detail: err.message }
          : err instanceof Problem
            ? { reason: 'provider_unavailable', detail: err.message }
            : { reason: 'error', detail: 'The sign-in failed.' };
      if (!(err instanceof SignInRefused) && !(err instanceof Problem)) this.log.error({ err }, 'sign-in failed');
      await this.sessions.db
        .transaction((m) =>
          recordAudit(m, {
            actor: { kind: 'system', id: null, name: 'anonymous' },
            source,
            action: 'auth.sign_in_failed',
            after: { reason: failure.reason },
          }),
        )
        .catch((e: unknown) => this.log.warn({ err: e }, 'could not record a failed sign-in in the audit log'));
      return { ok: false, ...failure };
    }
  }

  /** The caller behind a session token, if the session is live. */
  async verifySession(token: string): Promise<Principal | undefined> {
    if (!this.quell.oidc || !token.startsWith(SESSION_PREFIX) || token.length > 200) return undefined;
    const hash = hashToken(token);
    const row = await this.sessions.findLive(hash);
    if (!row) return undefined;
    return {
      keyId: `session:${hash.slice(0, 16)}`,
      name: row.person.name,
      role: row.role,
      subject: personSubject(row.person.id),
      person: row.person,
    };
  }

  /** Ends a session; audited when it was live. */
  async signOut(token: string, by: Audited): Promise<boolean> {
    return this.sessions.db.transaction(async (m) => {
      const revoked = await this.sessions.revoke(hashToken(token), m);
      if (revoked) await recordAudit(m, { ...by, action: 'auth.signed_out' });
      return revoked;
    });
  }
}

export const personActor = (p: Person) => ({
  kind: 'person' as const,
  id: personSubject(p.id),
  name: p.name,
  issuer: p.issuer,
  email: p.email,
});

/** A short, loggable reason for a refused token (never the token). */
function tokenFailure(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `claim_${err.claim}`;
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'unknown_signing_key';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad_signature';
  return 'malformed';
}
