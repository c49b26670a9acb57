import * as oidc from 'openid-client';
import type { OktaServiceApp } from '../config/config.js';
import type { ActionType } from '../domain/actions.js';
import { unknownUser } from '../domain/catalog.js';
import { impossibleTravel } from '../domain/impossible-travel.js';
import {
  type Connector,
  type ConnectorHealth,
  type ConnectorRequest,
  type ConnectorResult,
  type FactAnswers,
  type Facts,
  PermanentConnectorError,
} from './connector.js';
import type { ConnectorLedger, LedgerKey } from './connector-ledger.js';
import {
  type ApiClientOptions,
  ApiError,
  type ApiLog,
  factsOrUnavailable,
  OAuthApi,
  type OAuthProduct,
  type VendorError,
} from './oauth-api.js';
import { parseSigningKey, toCryptoKey } from './signing-key.js';

/** The scopes each part of the connector needs (Okta's Management API reference, per endpoint). */
export const OKTA_SCOPES = {
  users: 'okta.users.read',
  manage: 'okta.users.manage',
  logs: 'okta.logs.read',
  roles: 'okta.roles.read',
} as const;

export type OktaConnectorOptions = OktaServiceApp & Pick<ApiClientOptions, 'maxAttempts' | 'retryBaseMs' | 'maxRetryAfterMs'>;

/** Okta's user resource (the fields Quell reads). */
interface OktaUser {
  id: string;
  status: string;
  statusChanged?: string | null;
  lastLogin?: string | null;
  lastUpdated?: string | null;
  passwordChanged?: string | null;
  profile: { login: string; email?: string | null; displayName?: string | null; firstName?: string | null; lastName?: string | null };
}

interface OktaGroup {
  id: string;
  profile?: { name?: string | null } | null;
}

interface OktaRole {
  id: string;
  type: string;
  label?: string | null;
  status?: string | null;
}

interface LogEvent {
  uuid: string;
  published: string;
  eventType: string;
  client?: { ipAddress?: string | null; geographicalContext?: { country?: string | null } | null } | null;
  outcome?: { result?: string | null } | null;
}

/** Okta's error body. */
interface OktaErrorBody {
  errorCode?: string;
  errorSummary?: string;
  errorCauses?: { errorSummary?: string }[];
}

type Details = Record<string, unknown>;

/** Lists in catalog answers land in workflow history: capped, like the lab's. */
const LIST_CAP = 50;
/** Pages of System Log events read for one answer (100 events each); the rest is left out and said so. */
const MAX_PAGES = 10;
const DEFAULT_SIGNIN_HOURS = 48;
/** Statuses in which the account exists and is not switched off (a locked-out or expired password is still an enabled account). */
const ENABLED_STATUSES = new Set(['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY']);
/** Statuses in which nobody can sign in with the account: a suspension already holds (DEPROVISIONED is stronger). */
const SWITCHED_OFF = new Set(['SUSPENDED', 'DEPROVISIONED']);
/** How far back a session clearing by an earlier attempt is looked for in the System Log. */
const SESSION_CLEAR_LOOKBACK_MS = 7 * 24 * 3600_000;
/** The baseline of a session clearing when the System Log cannot be read: a retry cannot tell, and clears again. */
const LOG_UNREADABLE = 'system-log-unreadable';

/** `{ errorCode, errorSummary, errorCauses }`: the summary with its causes, which say what was wrong. */
export function oktaError(body: unknown): VendorError | undefined {
  const e = body as OktaErrorBody | null;
  if (!e || typeof e !== 'object' || (!e.errorCode && !e.errorSummary)) return undefined;
  const causes = (e.errorCauses ?? []).map((c) => c.errorSummary).filter(Boolean);
  return { code: e.errorCode, message: [e.errorSummary, ...causes].filter(Boolean).join(': ') };
}

/** Okta's 429 carries `X-Rate-Limit-Reset`, the epoch second the window resets (Okta's clock: a second's margin). */
export function rateLimitResetMs(headers: Headers): number | undefined {
  const reset = Number(headers.get('x-rate-limit-reset'));
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  return Math.max(0, reset * 1000 - Date.now()) + 1000;
}

/** The `next` link of an RFC 8288 `Link` header, as Okta pages collections and the System Log. */
export function nextLink(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /(^|;)\s*rel\s*=\s*"?next"?\s*(;|$)/i.test(m[2])) return m[1];
  }
  return undefined;
}

/** A SCIM filter string literal. */
const scimString = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * Okta through its Management API, with an API service app's scoped OAuth tokens (client credentials,
 * `private_key_jwt`): identity actions on users and the user facts (account, groups, admin roles, sign-ins).
 *
 * Exactly once, per action:
 * - disable_user / enable_user suspend and unsuspend: states. The user's status is read first and a
 *   request whose state already holds sends nothing (`changed: false`); Okta's refusal of a transition
 *   (E0000001, the user is not ACTIVE / not SUSPENDED) is answered by reading the status again.
 * - reset_password and revoke_sessions are events. Before the first request the connector records in the
 *   ledger a watermark Okta keeps — the user's `passwordChanged`, or the newest `user.session.clear`
 *   System Log event about the user. A retry that finds the watermark moved knows an earlier attempt
 *   took effect and sends nothing again. Only Okta's own values are compared.
 */
export class OktaConnector implements Connector {
  readonly name = 'okta';
  readonly actions: ActionType[] = ['disable_user', 'enable_user', 'reset_password', 'revoke_sessions'];
  readonly facts: FactAnswers = {
    'user.info': (a) => this.answer(() => this.userInfo(a.user)),
    'user.signins': (a) => this.answer(() => this.userSignins(a.user, a.hours ?? DEFAULT_SIGNIN_HOURS)),
  };
  private readonly api: OAuthApi;

  constructor(
    private readonly o: OktaConnectorOptions,
    private readonly ledger: ConnectorLedger,
    log?: ApiLog,
  ) {
    const tokenEndpoint = `${o.orgUrl}/oauth2/v1/token`;
    const product: OAuthProduct = {
      name: 'Okta',
      // Only the org authorization server mints tokens with Okta API scopes.
      issuer: o.orgUrl,
      tokenEndpoint,
      scope: o.scopes.join(' '),
      clientAuth: async () => {
        const key = await toCryptoKey(parseSigningKey(o.privateKey()));
        // Okta wants the token endpoint itself as the assertion's audience, not the issuer.
        return oidc.PrivateKeyJwt(
          { key, kid: o.keyId },
          { [oidc.modifyAssertion]: (_header, payload) => void (payload.aud = tokenEndpoint) },
        );
      },
      parseError: oktaError,
      retryAfterMs: rateLimitResetMs,
    };
    this.api = new OAuthApi(
      {
        clientId: o.clientId,
        clientSecret: o.privateKey,
        apiUrl: o.orgUrl,
        allowInsecureHttp: o.allowInsecureHttp,
        requestTimeoutMs: o.requestTimeoutMs,
        maxAttempts: o.maxAttempts,
        retryBaseMs: o.retryBaseMs,
        maxRetryAfterMs: o.maxRetryAfterMs,
      },
      product,
      log,
    );
  }

  /** A token from the org authorization server, then one read of each API the facts use; every missing scope is named. */
  async health(): Promise<ConnectorHealth> {
    let firstUser: string | undefined;
    try {
      firstUser = (await this.api.call<OktaUser[]>('GET', '/api/v1/users?limit=1'))[0]?.id;
    } catch (err) {
      return { ok: false, detail: this.explainFailure(err) };
    }
    const probes: [string, string | undefined][] = [
      [OKTA_SCOPES.logs, `/api/v1/logs?limit=1&since=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}`],
      [OKTA_SCOPES.roles, firstUser && `/api/v1/users/${encodeURIComponent(firstUser)}/roles`],
    ];
    const problems: string[] = [];
    for (const [, path] of probes) {
      if (!path) continue;
      try {
        await this.api.call('GET', path);
      } catch (err) {
        problems.push(this.explainFailure(err));
      }
    }
    const unrequested = Object.values(OKTA_SCOPES).filter((s) => !this.o.scopes.includes(s));
    if (unrequested.length) problems.push(`OKTA_SCOPES leaves out ${unrequested.join(', ')}: what needs it is refused`);
    if (problems.length) return { ok: false, detail: `token obtained; ${problems.join('; ')}` };
    return { ok: true, detail: 'token obtained; users, roles and System Log APIs answered' };
  }

  async execute(req: ConnectorRequest): Promise<ConnectorResult> {
    try {
      switch (req.type as ActionType) {
        case 'disable_user':
          return await this.setSuspended(req, true);
        case 'enable_user':
          return await this.setSuspended(req, false);
        case 'reset_password':
          return await this.resetPassword(req);
        case 'revoke_sessions':
          return await this.revokeSessions(req);
      }
    } catch (err) {
      if (err instanceof ApiError && err.permanent) throw new PermanentConnectorError(this.explainFailure(err));
      if (err instanceof Error && !(err instanceof PermanentConnectorError)) throw new Error(this.api.redact(err.message));
      throw err;
    }
    throw new PermanentConnectorError(`the okta connector does not support action ${req.type}`);
  }

  /** A failure in words an Okta admin can act on: the scope a 403 means, what a refused token request needs. */
  private explainFailure(err: unknown): string {
    const said = this.api.redact(err instanceof Error ? err.message : String(err));
    if (!(err instanceof ApiError)) return said;
    if (err.status === 403) {
      const scope = /\/api\/v1\/logs/.test(said)
        ? OKTA_SCOPES.logs
        : /\/roles\b/.test(said)
          ? OKTA_SCOPES.roles
          : /^(POST|DELETE) /.test(said)
            ? OKTA_SCOPES.manage
            : OKTA_SCOPES.users;
      return `${said}; missing ${scope}: grant it on the service app's Okta API Scopes tab (and list it in OKTA_SCOPES), with an admin role that allows it`;
    }
    if (err.code === 'invalid_scope' || err.code === 'access_denied')
      return `${said}; grant the service app every scope in OKTA_SCOPES (${this.o.scopes.join(' ')}) on its Okta API Scopes tab`;
    if (err.code === 'invalid_dpop_proof')
      return `${said}; Quell sends bearer tokens: clear "Require Demonstrating Proof of Possession (DPoP) header in token requests" on the service app`;
    if (err.code === 'invalid_client')
      return `${said}; check OKTA_CLIENT_ID, and that the key and OKTA_KEY_ID match a public key of the service app (client authentication: public key / private key)`;
    return said;
  }

  /**
   * lifecycle/suspend or lifecycle/unsuspend. A state: a user already SUSPENDED (or deactivated) is
   * not suspended again, one not SUSPENDED is not unsuspended. Suspending also clears the user's sessions.
   */
  private async setSuspended(req: ConnectorRequest, suspend: boolean): Promise<ConnectorResult> {
    const user = await this.userFor(req);
    const holds = (status: string) => (suspend ? SWITCHED_OFF.has(status) : status !== 'SUSPENDED');
    const details = { userId: user.id, login: user.profile.login, statusBefore: user.status };
    if (holds(user.status)) return { details: { ...details, status: user.status, changed: false }, replayed: false };
    const verb = suspend ? 'suspend' : 'unsuspend';
    try {
      await this.api.call('POST', `/api/v1/users/${encodeURIComponent(user.id)}/lifecycle/${verb}`);
    } catch (err) {
      // E0000001: the user is no longer in a status the transition starts from. Someone (or an earlier
      // attempt whose answer was lost) may have got there first.
      if (!(err instanceof ApiError && err.code === 'E0000001')) throw err;
      const now = await this.findUser(user.id);
      if (now && holds(now.status)) return { details: { ...details, status: now.status, changed: false }, replayed: false };
      throw new PermanentConnectorError(
        `Okta refused to ${verb} ${user.profile.login} in status ${now?.status ?? 'unknown'}: ${suspend ? 'only ACTIVE users can be suspended' : 'only SUSPENDED users can be unsuspended'} (${this.api.redact(err.message)})`,
      );
    }
    return { details: { ...details, status: suspend ? 'SUSPENDED' : 'ACTIVE', changed: true }, replayed: false };
  }

  /**
   * expire_password_with_temp_password with revokeSessions=true: the password an attacker knows stops
   * working at once, the user's sessions end, and the next sign-in must set a new password. The
   * temporary password Okta answers with is dropped unread: the user regains access through
   * self-service recovery or the help desk, as after an Entra ID reset.
   */
  private async resetPassword(req: ConnectorRequest): Promise<ConnectorResult> {
    return this.onceOnly(
      req,
      'passwordChanged',
      async (user) => user.passwordChanged ?? null,
      async (user) => {
        const answer = await this.api.call<{ tempPassword?: string } | undefined>(
          'POST',
          `/api/v1/users/${encodeURIComponent(user.id)}/lifecycle/expire_password_with_temp_password?revokeSessions=true`,
          undefined,
          { resend: false },
        );
        if (answer?.tempPassword) this.api.mask(answer.tempPassword);
        const after = await this.findUser(user.id);
        return { status: after?.status ?? null, passwordChanged: after?.passwordChanged ?? null, sessionsRevoked: true };
      },
    );
  }

  /**
   * DELETE /users/{id}/sessions with oauthTokens=true (the refresh and access tokens Okta issued to
   * the user's apps go too, or an attacker holding one keeps access) and forgetDevices=true
   * (remembered factors on the attacker's device are forgotten).
   */
  private async revokeSessions(req: ConnectorRequest): Promise<ConnectorResult> {
    return this.onceOnly(
      req,
      'lastSessionClear',
      (user) => this.lastSessionClear(user.id),
      async (user) => {
        await this.api.call(
          'DELETE',
          `/api/v1/users/${encodeURIComponent(user.id)}/sessions?oauthTokens=true&forgetDevices=true`,
          undefined,
          { resend: false },
        );
        return { oauthTokensRevoked: true, devicesForgotten: true };
      },
    );
  }

  /** The newest `user.session.clear` event about the user (`published/uuid`), or null; without okta.logs.read it cannot be known. */
  private async lastSessionClear(userId: string): Promise<string | null> {
    const filter = `eventType eq "user.session.clear" and target.id eq ${scimString(userId)}`;
    const since = new Date(Date.now() - SESSION_CLEAR_LOOKBACK_MS).toISOString();
    try {
      const [latest] = await this.api.call<LogEvent[]>(
        'GET',
        `/api/v1/logs?since=${encodeURIComponent(since)}&filter=${encodeURIComponent(filter)}&sortOrder=DESCENDING&limit=1`,
      );
      return latest ? `${latest.published}/${latest.uuid}` : null;
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) return LOG_UNREADABLE;
      throw err;
    }
  }

  /**
   * An event that must not repeat, guarded by the ledger and the user's watermark (see the class
   * comment). A request whose answer was lost is not resent within the attempt (`resend: false`): the
   * activity's retry reads the watermark and decides.
   */
  private async onceOnly(
    req: ConnectorRequest,
    watermark: string,
    read: (user: OktaUser) => Promise<string | null>,
    send: (user: OktaUser) => Promise<Details>,
  ): Promise<ConnectorResult> {
    const user = await this.userFor(req);
    const key: LedgerKey = { connector: this.name, actionId: req.actionId, operation: req.operation };
    const now = await read(user);
    const entry = await this.ledger.begin(key, user.id, now);
    const details = { userId: user.id, login: user.profile.login };
    if (entry.done) return { details: { ...details, [watermark]: now }, replayed: true };
    if (!entry.fresh && now !== entry.baseline && now !== LOG_UNREADABLE) {
      // An earlier attempt's request took effect after it recorded the baseline; its answer was lost.
      await this.ledger.finish(key);
      return { details: { ...details, [watermark]: now }, replayed: true };
    }
    const extra = await send(user);
    await this.ledger.finish(key);
    return { details: { ...details, ...extra }, replayed: false };
  }

  /** The user a request names: its login (UPN), else its login shortname. Unknown to Okta is permanent. */
  private async userFor(req: ConnectorRequest): Promise<OktaUser> {
    const t = req.target;
    if (t.type !== 'user') throw new PermanentConnectorError(`${req.type} needs a user target, not a ${t.type}`);
    const refs = [t.upn, t.accountName].filter((r): r is string => Boolean(r?.trim()));
    if (!refs.length) throw new PermanentConnectorError(`${req.type} on Okta needs the user's upn (Okta login) or accountName`);
    for (const ref of refs) {
      const user = await this.findUser(ref);
      if (user) return user;
    }
    throw new PermanentConnectorError(`no Okta user matches ${refs.join(' or ')}`);
  }

  /** GET /users/{id | login | shortname}; 404 (E0000007) is no such user. */
  private async findUser(ref: string): Promise<OktaUser | undefined> {
    try {
      return await this.api.call<OktaUser>('GET', `/api/v1/users/${encodeURIComponent(ref.trim())}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** Every page of a collection, following `Link: <…>; rel="next"` (which must stay on the org). */
  private async all<T>(path: string, maxPages = MAX_PAGES): Promise<{ items: T[]; truncated: boolean }> {
    const items: T[] = [];
    let next: string | undefined = path;
    for (let page = 0; next && page < maxPages; page++) {
      const { value, headers } = await this.api.exchange<T[]>('GET', next);
      items.push(...value);
      const link = nextLink(headers.get('link'));
      next = link ? this.api.pagePath(link) : undefined;
    }
    return { items, truncated: Boolean(next) };
  }

  /** See `factsOrUnavailable`: a refusal retrying cannot fix is "unavailable", anything else is retried. */
  private answer(question: () => Promise<Facts>): Promise<Facts> {
    return factsOrUnavailable(this.api, 'Okta', question, (err) => this.explainFailure(err));
  }

  /** user.info: the account and its status, groups and admin roles (isAdmin). */
  private async userInfo(ref: string): Promise<Facts> {
    const user = await this.findUser(ref);
    if (!user) {
      return unknownUser(ref);
    }
    const id = encodeURIComponent(user.id);
    const [groups, roles] = await Promise.all([
      this.all<OktaGroup>(`/api/v1/users/${id}/groups?limit=200`),
      this.api.call<OktaRole[]>('GET', `/api/v1/users/${id}/roles`).then(
        (r) => ({ r }),
        (err: unknown) => {
          // Without okta.roles.read the rest of the answer stands; whether the user is an admin is unknown.
          if (err instanceof ApiError && err.status === 403) return { unavailable: this.explainFailure(err) };
          throw err;
        },
      ),
    ]);
    const held = 'r' in roles ? roles.r.filter((r) => (r.status ?? 'ACTIVE') === 'ACTIVE') : [];
    const name = [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ');
    return {
      found: true,
      upn: user.profile.login.toLowerCase(),
      displayName: user.profile.displayName || name || null,
      oktaId: user.id,
      status: user.status,
      enabled: ENABLED_STATUSES.has(user.status),
      suspended: user.status === 'SUSPENDED',
      isAdmin: 'r' in roles ? held.length > 0 : null,
      roles: held.map((r) => r.label || r.type).slice(0, LIST_CAP),
      ...('unavailable' in roles ? { rolesUnavailable: roles.unavailable } : {}),
      groups: groups.items.map((g) => g.profile?.name || g.id).slice(0, LIST_CAP),
      risk: null,
      compromised: false,
      lastLoginAt: user.lastLogin ?? null,
      passwordResetAt: user.passwordChanged ?? null,
      statusChangedAt: user.statusChanged ?? null,
      source: 'okta',
    };
  }

  /**
   * user.signins: `user.session.start` events of the user in the last `hours` from the System Log, newest
   * first (a bounded query: since and until), every page followed up to a limit.
   */
  private async userSignins(ref: string, hours: number): Promise<Facts> {
    const user = await this.findUser(ref);
    // A login Okta does not know may still be tried by an attacker: its failures carry it as the actor's alternateId.
    const actor = user ? `actor.id eq ${scimString(user.id)}` : `actor.alternateId eq ${scimString(ref.trim())}`;
    const until = new Date();
    const since = new Date(until.getTime() - hours * 3600_000);
    const query = new URLSearchParams({
      since: since.toISOString(),
      until: until.toISOString(),
      filter: `eventType eq "user.session.start" and ${actor}`,
      sortOrder: 'DESCENDING',
      limit: '100',
    });
    const { items, truncated } = await this.all<LogEvent>(`/api/v1/logs?${query.toString().replace(/\+/g, '%20')}`);
    const signins = items
      .map((e) => {
        const result = (e.outcome?.result ?? 'UNKNOWN').toUpperCase();
        return {
          at: new Date(e.published),
          ip: e.client?.ipAddress || null,
          country: e.client?.geographicalContext?.country || null,
          result: result === 'SUCCESS' ? 'success' : result === 'FAILURE' || result === 'DENY' ? 'failure' : result.toLowerCase(),
        };
      })
      .sort((a, b) => b.at.getTime() - a.at.getTime());
    const travel = impossibleTravel(signins);
    return {
      user: (user?.profile.login ?? ref.trim()).toLowerCase(),
      hours,
      total: signins.length,
      truncated,
      signins: signins.slice(0, LIST_CAP).map((s) => ({ ...s, at: s.at.toISOString() })),
      countries: [...new Set(signins.map((s) => s.country).filter(Boolean))].sort().slice(0, LIST_CAP),
      failed: signins.filter((s) => s.result === 'failure').length,
      succeeded: signins.filter((s) => s.result === 'success').length,
      impossibleTravel: Boolean(travel),
      travel,
      source: 'okta',
    };
  }
}
