import { unknownUser } from '../domain/catalog.js';
import { randomBytes } from 'node:crypto';
import type { QuellConfig } from '../config/config.js';
import type { ActionType } from '../domain/actions.js';
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
import { ApiError, type ApiLog, factsOrUnavailable, microsoftProduct, OAuthApi, type OAuthApiOptions } from './oauth-api.js';

/** The one scope an app with Microsoft Graph application permissions asks for. */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export type EntraConnectorOptions = NonNullable<QuellConfig['entra']> & Omit<OAuthApiOptions, keyof NonNullable<QuellConfig['entra']>>;

/** Graph's user resource (the fields Quell reads). */
interface GraphUser {
  id: string;
  userPrincipalName: string;
  displayName?: string | null;
  accountEnabled?: boolean | null;
  lastPasswordChangeDateTime?: string | null;
  signInSessionsValidFromDateTime?: string | null;
}

interface DirectoryObject {
  '@odata.type': string;
  id: string;
  displayName?: string | null;
}

interface RiskyUser {
  id: string;
  riskLevel?: string | null;
  riskState?: string | null;
}

interface SignIn {
  createdDateTime: string;
  ipAddress?: string | null;
  location?: { countryOrRegion?: string | null } | null;
  status?: { errorCode?: number | null } | null;
}

interface ODataPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

type Details = Record<string, unknown>;

const USER_FIELDS = 'id,userPrincipalName,displayName,accountEnabled,lastPasswordChangeDateTime,signInSessionsValidFromDateTime';
/** Lists in catalog answers land in workflow history: capped, like the lab's. */
const LIST_CAP = 50;
/** Pages of sign-ins read for one answer; the rest of a very busy account's window is left out and said so. */
const MAX_PAGES = 10;
const DEFAULT_SIGNIN_HOURS = 48;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const odata = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** A password Entra accepts (8–256 characters, three of four classes) with 192 random bits; it is never logged or returned. */
function generatePassword(): string {
  return `${randomBytes(24).toString('base64url')}aZ7!`;
}

/** What a risky user's riskState means for the catalog's `compromised` flag. */
const COMPROMISED_STATES = new Set(['confirmedCompromised']);
const AT_RISK_STATES = new Set(['atRisk', 'confirmedCompromised']);

/**
 * Entra ID through Microsoft Graph: identity actions on users and the user facts (account, groups,
 * roles, risk, sign-ins).
 *
 * Exactly once, per action:
 * - disable_user / enable_user, mark_user_compromised / mark_user_safe set a state (accountEnabled,
 *   riskState). Setting it twice is one effect, so a resent request cannot be observed; the state is
 *   read first anyway, and a request whose state already holds sends nothing (`changed: false`).
 * - reset_password and revoke_sessions are events, not states: each request changes the password
 *   again, or cuts sessions the user opened since. Before the first request the connector records in
 *   the ledger (Quell's database) the user's watermark — lastPasswordChangeDateTime or
 *   signInSessionsValidFromDateTime — as Graph showed it. A retry that finds an entry compares: a
 *   watermark that moved means an earlier attempt took effect, and nothing is sent again. Graph's own
 *   clock is the only one compared, so clock skew cannot fool it.
 */
export class EntraConnector implements Connector {
  readonly name = 'entra';
  readonly actions: ActionType[] = [
    'disable_user',
    'enable_user',
    'reset_password',
    'revoke_sessions',
    'mark_user_compromised',
    'mark_user_safe',
  ];
  readonly facts: FactAnswers = {
    'user.info': (a) => this.answer(() => this.userInfo(a.user)),
    'user.signins': (a) => this.answer(() => this.userSignins(a.user, a.hours ?? DEFAULT_SIGNIN_HOURS)),
  };
  private readonly api: OAuthApi;

  constructor(
    o: EntraConnectorOptions,
    private readonly ledger: ConnectorLedger,
    log?: ApiLog,
  ) {
    this.api = new OAuthApi(o, microsoftProduct(o, 'Microsoft Graph', GRAPH_SCOPE), log);
  }

  /** A token from Entra ID and one read of the users API (User.Read.All or Directory.Read.All). */
  async health(): Promise<ConnectorHealth> {
    try {
      await this.api.call('GET', '/v1.0/users?$top=1&$select=id');
      return { ok: true, detail: 'token obtained; Graph users API answered' };
    } catch (err) {
      const said = this.api.redact(err instanceof Error ? err.message : String(err));
      if (err instanceof ApiError && err.status === 403)
        return {
          ok: false,
          detail: `${said}; grant the app the Graph application permission User.ReadWrite.All (or Directory.Read.All to read)`,
        };
      return { ok: false, detail: said };
    }
  }

  async execute(req: ConnectorRequest): Promise<ConnectorResult> {
    try {
      switch (req.type as ActionType) {
        case 'disable_user':
          return await this.setEnabled(req, false);
        case 'enable_user':
          return await this.setEnabled(req, true);
        case 'reset_password':
          return await this.resetPassword(req);
        case 'revoke_sessions':
          return await this.revokeSessions(req);
        case 'mark_user_compromised':
          return await this.setRisk(req, true);
        case 'mark_user_safe':
          return await this.setRisk(req, false);
      }
    } catch (err) {
      if (err instanceof ApiError && err.permanent) throw new PermanentConnectorError(this.explain(err));
      if (err instanceof Error && !(err instanceof PermanentConnectorError)) throw new Error(this.api.redact(err.message));
      throw err;
    }
    throw new PermanentConnectorError(`the entra connector does not support action ${req.type}`);
  }

  /** A 403 names the permission the action needs. */
  private explain(err: ApiError): string {
    if (err.status !== 403) return err.message;
    const needs = /riskyUsers/.test(err.message)
      ? 'IdentityRiskyUser.ReadWrite.All'
      : /revokeSignInSessions/.test(err.message)
        ? 'User.RevokeSessions.All'
        : 'User.ReadWrite.All (and User-PasswordProfile.ReadWrite.All for password resets)';
    return `${err.message}; the app needs the Graph application permission ${needs}`;
  }

  /** PATCH accountEnabled. A state: a resent PATCH leaves the account as the first one did. */
  private async setEnabled(req: ConnectorRequest, enabled: boolean): Promise<ConnectorResult> {
    const user = await this.userFor(req);
    const details = { userId: user.id, upn: user.userPrincipalName, accountEnabled: enabled };
    if (user.accountEnabled === enabled) return { details: { ...details, changed: false }, replayed: false };
    await this.api.call('PATCH', `/v1.0/users/${encodeURIComponent(user.id)}`, { accountEnabled: enabled });
    return { details: { ...details, changed: true }, replayed: false };
  }

  /**
   * confirmCompromised / dismiss. A state (riskState): confirming twice is one confirmation. Dismissing
   * a user Identity Protection does not hold at risk sends nothing.
   */
  private async setRisk(req: ConnectorRequest, compromised: boolean): Promise<ConnectorResult> {
    const user = await this.userFor(req);
    const before = await this.riskyUser(user.id);
    const details = { userId: user.id, upn: user.userPrincipalName, riskStateBefore: before?.riskState ?? 'none' };
    const holds = compromised ? COMPROMISED_STATES.has(before?.riskState ?? '') : !AT_RISK_STATES.has(before?.riskState ?? '');
    if (holds) return { details: { ...details, changed: false }, replayed: false };
    await this.api.call('POST', `/v1.0/identityProtection/riskyUsers/${compromised ? 'confirmCompromised' : 'dismiss'}`, {
      userIds: [user.id],
    });
    return { details: { ...details, riskState: compromised ? 'confirmedCompromised' : 'dismissed', changed: true }, replayed: false };
  }

  /**
   * A new random password that must be changed at the next sign-in. The administrator never learns it:
   * the user regains access through self-service password reset or the help desk. It goes to Graph only.
   */
  private async resetPassword(req: ConnectorRequest): Promise<ConnectorResult> {
    return this.onceOnly(req, 'lastPasswordChangeDateTime', async (user) => {
      const password = generatePassword();
      this.api.mask(password);
      await this.api.call(
        'PATCH',
        `/v1.0/users/${encodeURIComponent(user.id)}`,
        { passwordProfile: { forceChangePasswordNextSignIn: true, password } },
        { resend: false },
      );
      return { forceChangePasswordNextSignIn: true };
    });
  }

  /** revokeSignInSessions moves signInSessionsValidFromDateTime to now: every refresh token issued before is refused. */
  private async revokeSessions(req: ConnectorRequest): Promise<ConnectorResult> {
    return this.onceOnly(req, 'signInSessionsValidFromDateTime', async (user) => {
      await this.api.call('POST', `/v1.0/users/${encodeURIComponent(user.id)}/revokeSignInSessions`, undefined, { resend: false });
      return {};
    });
  }

  /**
   * An event that must not repeat, guarded by the ledger and the user's watermark (see the class
   * comment). A request whose answer was lost is not resent within the attempt (`resend: false`): the
   * activity's retry reads the watermark and decides.
   */
  private async onceOnly(
    req: ConnectorRequest,
    watermark: 'lastPasswordChangeDateTime' | 'signInSessionsValidFromDateTime',
    send: (user: GraphUser) => Promise<Details>,
  ): Promise<ConnectorResult> {
    const user = await this.userFor(req);
    const key: LedgerKey = { connector: this.name, actionId: req.actionId, operation: req.operation };
    const now = user[watermark] ?? null;
    const entry = await this.ledger.begin(key, user.id, now);
    const details = { userId: user.id, upn: user.userPrincipalName };
    if (entry.done) return { details: { ...details, [watermark]: now }, replayed: true };
    if (!entry.fresh && now !== entry.baseline) {
      // An earlier attempt's request took effect after it recorded the baseline; its answer was lost.
      await this.ledger.finish(key);
      return { details: { ...details, [watermark]: now }, replayed: true };
    }
    const extra = await send(user);
    await this.ledger.finish(key);
    const after = await this.api.call<GraphUser>('GET', `/v1.0/users/${encodeURIComponent(user.id)}?$select=${watermark}`);
    return { details: { ...details, ...extra, [watermark]: after[watermark] ?? null }, replayed: false };
  }

  /** The user a request names: its Entra object id, else its UPN. Unknown to the directory is permanent. */
  private async userFor(req: ConnectorRequest): Promise<GraphUser> {
    const t = req.target;
    if (t.type !== 'user') throw new PermanentConnectorError(`${req.type} needs a user target, not a ${t.type}`);
    const refs = [t.aadObjectId, t.upn].filter((r): r is string => Boolean(r?.trim()));
    if (!refs.length) throw new PermanentConnectorError(`${req.type} on Entra ID needs the user's aadObjectId or upn`);
    for (const ref of refs) {
      const user = await this.findUser(ref);
      if (user) return user;
    }
    throw new PermanentConnectorError(`no Entra ID user matches ${refs.join(' or ')}`);
  }

  /** GET /users/{id | userPrincipalName}; a 404 (or a malformed key Graph refuses with 400) is no such user. */
  private async findUser(ref: string): Promise<GraphUser | undefined> {
    try {
      return await this.api.call<GraphUser>('GET', `/v1.0/users/${encodeURIComponent(ref.trim())}?$select=${USER_FIELDS}`);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 400)) return undefined;
      throw err;
    }
  }

  /** The user's risky-user record; none (404) means Identity Protection holds no risk for them. */
  private async riskyUser(id: string): Promise<RiskyUser | undefined> {
    try {
      return await this.api.call<RiskyUser>('GET', `/v1.0/identityProtection/riskyUsers/${encodeURIComponent(id)}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** Every page of a collection, following @odata.nextLink (which must stay on the Graph endpoint). */
  private async all<T>(path: string, maxPages = MAX_PAGES): Promise<{ items: T[]; truncated: boolean }> {
    const items: T[] = [];
    let next: string | undefined = path;
    for (let page = 0; next && page < maxPages; page++) {
      const answer: ODataPage<T> = await this.api.call<ODataPage<T>>('GET', next);
      items.push(...answer.value);
      next = answer['@odata.nextLink'] ? this.api.pagePath(answer['@odata.nextLink']) : undefined;
    }
    return { items, truncated: Boolean(next) };
  }

  /** See `factsOrUnavailable`: a refusal retrying cannot fix is "unavailable", anything else is retried. */
  private answer(question: () => Promise<Facts>): Promise<Facts> {
    return factsOrUnavailable(this.api, 'Entra ID', question, (err) => this.explain(err));
  }

  /** user.info: the account, its groups, directory roles (isAdmin) and Identity Protection risk. */
  private async userInfo(ref: string): Promise<Facts> {
    const user = await this.findUser(ref);
    if (!user) {
      return unknownUser(ref);
    }
    const id = encodeURIComponent(user.id);
    const [memberOf, risk] = await Promise.all([
      // Transitive: a role held through a (nested) role-assignable group makes an administrator too.
      this.all<DirectoryObject>(`/v1.0/users/${id}/transitiveMemberOf?$select=id,displayName`),
      this.riskyUser(user.id).then(
        (r) => ({ r }),
        (err: unknown) => {
          // No Identity Protection licence or permission: the rest of the answer stands, risk is unknown.
          if (err instanceof ApiError && err.status === 403) return { unavailable: this.explain(err) };
          throw err;
        },
      ),
    ]);
    const roles = memberOf.items.filter((o) => o['@odata.type'] === '#microsoft.graph.directoryRole');
    const groups = memberOf.items.filter((o) => o['@odata.type'] === '#microsoft.graph.group');
    const risky = 'r' in risk ? risk.r : undefined;
    return {
      found: true,
      upn: user.userPrincipalName.toLowerCase(),
      displayName: user.displayName ?? null,
      aadObjectId: user.id,
      enabled: user.accountEnabled === true,
      isAdmin: roles.length > 0,
      roles: roles.map((r) => r.displayName ?? r.id).slice(0, LIST_CAP),
      groups: groups.map((g) => g.displayName ?? g.id).slice(0, LIST_CAP),
      risk: 'r' in risk ? (risky?.riskLevel ?? 'none') : null,
      riskState: 'r' in risk ? (risky?.riskState ?? 'none') : null,
      compromised: COMPROMISED_STATES.has(risky?.riskState ?? ''),
      ...('unavailable' in risk ? { riskUnavailable: risk.unavailable } : {}),
      passwordResetAt: user.lastPasswordChangeDateTime ?? null,
      sessionsRevokedAt: user.signInSessionsValidFromDateTime ?? null,
      source: 'entra',
    };
  }

  /** user.signins: sign-ins in the last `hours` from the sign-in log (errorCode 0 is a success). */
  private async userSignins(ref: string, hours: number): Promise<Facts> {
    const upn = GUID.test(ref.trim()) ? ((await this.findUser(ref))?.userPrincipalName ?? ref.trim()) : ref.trim();
    const since = new Date(Date.now() - hours * 3600_000).toISOString();
    const f = `userPrincipalName eq ${odata(upn.toLowerCase())} and createdDateTime ge ${since}`;
    const { items, truncated } = await this.all<SignIn>(`/v1.0/auditLogs/signIns?$filter=${encodeURIComponent(f)}&$top=100`);
    const signins = items
      .map((s) => ({
        at: new Date(s.createdDateTime),
        ip: s.ipAddress || null,
        country: s.location?.countryOrRegion || null,
        result: s.status?.errorCode === 0 ? 'success' : 'failure',
      }))
      .sort((a, b) => b.at.getTime() - a.at.getTime());
    const travel = impossibleTravel(signins);
    return {
      user: upn.toLowerCase(),
      hours,
      total: signins.length,
      truncated,
      signins: signins.slice(0, LIST_CAP).map((s) => ({ ...s, at: s.at.toISOString() })),
      countries: [...new Set(signins.map((s) => s.country).filter(Boolean))].sort().slice(0, LIST_CAP),
      failed: signins.filter((s) => s.result === 'failure').length,
      succeeded: signins.filter((s) => s.result === 'success').length,
      impossibleTravel: Boolean(travel),
      travel,
      source: 'entra',
    };
  }
}
