import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { canonicalIp, normaliseUrl, shortHost } from '../correlation/keys.js';
import { CATALOG, type CatalogFunction } from '../domain/catalog.js';
import { issuesText } from '../domain/issues.js';
import { domainAndParents, type IndicatorType, normaliseDomain, urlHost } from '../indicators/indicator-values.js';
import { analyseCommandLine } from './process-analysis.js';

/** Bad arguments to a catalog function: retrying cannot help (the activity marks it non-retryable). */
export class CatalogInputError extends Error {
  override name = 'CatalogInputError';
}

type Output = Record<string, unknown>;
type Args<F extends CatalogFunction> = z.output<(typeof CATALOG)[F]['input']>;
type Handlers = { [F in CatalogFunction]: (args: Args<F>) => Promise<Output> };

/** Outputs land in workflow history and playbook expressions: lists are capped, with the total beside them. */
const LIST_CAP = 50;
const DEFAULT_SIGNIN_HOURS = 48;
const DEFAULT_RELATED_DAYS = 7;
/** Two successful sign-ins from different countries closer than this cannot be the same traveller. */
const TRAVEL_WINDOW_HOURS = 2;

interface Verdict {
  verdict: 'malicious' | 'suspicious' | 'clean' | 'unknown';
  source: string | null;
  description: string | null;
}
const UNKNOWN: Verdict = { verdict: 'unknown', source: null, description: null };

interface UserRow {
  upn: string;
  display_name: string | null;
  aad_object_id: string | null;
  sid: string | null;
  enabled: boolean;
  is_admin: boolean;
  groups: string[];
  risk: string;
  compromised: boolean;
  password_reset_at: Date | null;
  sessions_revoked_at: Date | null;
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/**
 * The enrichment catalog (src/domain/catalog.ts) answered from the lab estate, the indicators table
 * and the alert store. Every output is plain JSON with the same fields whether or not the subject
 * was found, so playbook expressions never fail on a missing field.
 */
export class CatalogService {
  private readonly handlers: Handlers = {
    'device.info': (a) => this.deviceInfo(a.device),
    'file.reputation': (a) => this.fileReputation(a.sha256),
    'url.reputation': (a) => this.urlReputation(a.url),
    'ip.reputation': (a) => this.ipReputation(a.ip),
    'domain.reputation': (a) => this.domainReputation(a.domain),
    'user.info': (a) => this.userInfo(a.user),
    'user.signins': (a) => this.userSignins(a.user, a.hours ?? DEFAULT_SIGNIN_HOURS),
    'email.similar': (a) => this.emailSimilar(a),
    'alerts.related': (a) => this.alertsRelated(a.key.trim(), a.days ?? DEFAULT_RELATED_DAYS, a.excludeAlert),
    'process.details': async (a) => ({ ...analyseCommandLine(a.commandLine, a.imageFile) }),
  };

  constructor(private readonly db: DataSource) {}

  async run(name: CatalogFunction, args: unknown): Promise<Record<string, unknown>> {
    if (!Object.hasOwn(CATALOG, name)) throw new CatalogInputError(`unknown catalog function '${name}'`);
    const parsed = CATALOG[name].input.safeParse(args);
    if (!parsed.success) throw new CatalogInputError(`${name}: ${issuesText(parsed.error)}`);
    return (this.handlers[name] as (a: unknown) => Promise<Output>)(parsed.data);
  }

  private async deviceInfo(device: string): Promise<Output> {
    const id = device.trim();
    const rows = await this.db.query(
      `SELECT device_id, hostname, os, device_group, risk, isolated, app_restricted, logged_on_users, ips, last_seen_at
       FROM lab_devices WHERE device_id = $1 OR hostname = $2 ORDER BY device_id = $1 DESC LIMIT 1`,
      [id, shortHost(id)],
    );
    const d = rows[0];
    if (!d) {
      return {
        found: false,
        deviceId: null,
        hostname: shortHost(id),
        os: null,
        deviceGroup: null,
        isolated: false,
        restricted: false,
        loggedOnUsers: [],
        ips: [],
        risk: null,
        lastSeenAt: null,
      };
    }
    return {
      found: true,
      deviceId: d.device_id,
      hostname: d.hostname,
      os: d.os,
      deviceGroup: d.device_group,
      isolated: d.isolated,
      restricted: d.app_restricted,
      loggedOnUsers: d.logged_on_users.slice(0, LIST_CAP),
      ips: d.ips.slice(0, LIST_CAP),
      risk: d.risk,
      lastSeenAt: iso(d.last_seen_at),
    };
  }

  /** The first indicator of `type` among `values` (most specific first). */
  private async lookup(type: IndicatorType, values: string[]): Promise<Verdict & { matched: string | null }> {
    const rows: (Verdict & { value: string })[] = await this.db.query(
      `SELECT value, verdict, source, description FROM indicators WHERE type = $1 AND value = ANY($2::text[])
       ORDER BY array_position($2::text[], value) LIMIT 1`,
      [type, values],
    );
    const hit = rows[0];
    return hit
      ? { verdict: hit.verdict, source: hit.source, description: hit.description, matched: hit.value }
      : { ...UNKNOWN, matched: null };
  }

  private async fileReputation(raw: string): Promise<Output> {
    const sha256 = raw.trim().toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new CatalogInputError('file.reputation: sha256 must be 64 hex characters');
    const [{ matched: _matched, ...verdict }, devices] = await Promise.all([
      this.lookup('sha256', [sha256]),
      this.db.query(
        `SELECT d.hostname, count(*) OVER ()::int AS total FROM (SELECT DISTINCT device_id FROM lab_files WHERE sha256 = $1) f
         LEFT JOIN lab_devices d USING (device_id) ORDER BY d.hostname LIMIT $2`,
        [sha256, LIST_CAP],
      ) as Promise<{ hostname: string | null; total: number }[]>,
    ]);
    return { sha256, ...verdict, prevalence: devices[0]?.total ?? 0, devices: devices.map((d) => d.hostname ?? 'unknown') };
  }

  /** The URL itself, then its host and parent domains, then (for a bare-IP URL) the IP. */
  private async urlReputation(raw: string): Promise<Output> {
    const host = urlHost(raw);
    if (!host) throw new CatalogInputError('url.reputation: url must be a URL');
    const url = normaliseUrl(raw);
    const ip = canonicalIp(host);
    const domain = ip ? undefined : (normaliseDomain(host) ?? host);
    const attempts: [IndicatorType, string[]][] = [['url', [url]]];
    if (domain) attempts.push(['domain', domainAndParents(domain)]);
    if (ip) attempts.push(['ip', [ip]]);
    for (const [type, values] of attempts) {
      const { matched, ...verdict } = await this.lookup(type, values);
      if (matched) return { url, domain: domain ?? ip, ...verdict, matchedBy: type, matched };
    }
    return { url, domain: domain ?? ip, ...UNKNOWN, matchedBy: null, matched: null };
  }

  private async ipReputation(raw: string): Promise<Output> {
    const ip = canonicalIp(raw);
    if (!ip) throw new CatalogInputError('ip.reputation: ip must be an IPv4 or IPv6 address');
    const { matched: _matched, ...verdict } = await this.lookup('ip', [ip]);
    return { ip, ...verdict };
  }

  private async domainReputation(raw: string): Promise<Output> {
    const domain = normaliseDomain(raw);
    if (!domain) throw new CatalogInputError('domain.reputation: domain must be a domain name such as example.com');
    const { matched, ...verdict } = await this.lookup('domain', domainAndParents(domain));
    return { domain, ...verdict, matched };
  }

  /** A user by UPN, Entra object id or SID (stored lower-case, lower-case and upper-case). */
  private async findUser(user: string): Promise<UserRow | undefined> {
    const u = user.trim();
    const rows = await this.db.query(
      `SELECT upn, display_name, aad_object_id, sid, enabled, is_admin, groups, risk, compromised, password_reset_at, sessions_revoked_at
       FROM lab_users WHERE upn = $1 OR aad_object_id = $1 OR sid = $2 LIMIT 1`,
      [u.toLowerCase(), u.toUpperCase()],
    );
    return rows[0];
  }

  private async userInfo(user: string): Promise<Output> {
    const u = await this.findUser(user);
    if (!u) {
      return {
        found: false,
        upn: null,
        displayName: null,
        enabled: false,
        isAdmin: false,
        groups: [],
        risk: null,
        compromised: false,
        passwordResetAt: null,
        sessionsRevokedAt: null,
      };
    }
    return {
      found: true,
      upn: u.upn,
      displayName: u.display_name,
      aadObjectId: u.aad_object_id,
      sid: u.sid,
      enabled: u.enabled,
      isAdmin: u.is_admin,
      groups: u.groups.slice(0, LIST_CAP),
      risk: u.risk,
      compromised: u.compromised,
      passwordResetAt: iso(u.password_reset_at),
      sessionsRevokedAt: iso(u.sessions_revoked_at),
    };
  }

  private async userSignins(user: string, hours: number): Promise<Output> {
    const upn: string = (await this.findUser(user))?.upn ?? user.trim().toLowerCase();
    const window = `upn = $1 AND at >= now() - make_interval(hours => $2)`;
    const [signins, [totals], [travel]] = await Promise.all([
      this.db.query(`SELECT at, ip, country, result FROM lab_signins WHERE ${window} ORDER BY at DESC LIMIT $3`, [upn, hours, LIST_CAP]),
      this.db.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE result = 'success')::int AS succeeded,
                count(*) FILTER (WHERE result = 'failure')::int AS failed,
                coalesce(array_agg(DISTINCT country) FILTER (WHERE country IS NOT NULL), '{}') AS countries
         FROM lab_signins WHERE ${window}`,
        [upn, hours],
      ),
      this.impossibleTravel(upn, hours),
    ]);
    return {
      user: upn,
      hours,
      total: totals.total,
      signins: signins.map((s: { at: Date }) => ({ ...s, at: iso(s.at) })),
      countries: totals.countries.slice(0, LIST_CAP),
      failed: totals.failed,
      succeeded: totals.succeeded,
      impossibleTravel: Boolean(travel),
      travel: travel ?? null,
    };
  }

  /**
   * The latest pair of consecutive successful sign-ins from different countries less than
   * TRAVEL_WINDOW_HOURS apart. Consecutive pairs suffice: any such pair has a consecutive one inside it.
   */
  private async impossibleTravel(upn: string, hours: number): Promise<Output[]> {
    const rows = await this.db.query(
      `SELECT prev_country, prev_at, country, at FROM (
         SELECT country, at, lag(country) OVER w AS prev_country, lag(at) OVER w AS prev_at
         FROM lab_signins WHERE upn = $1 AND result = 'success' AND at >= now() - make_interval(hours => $2) WINDOW w AS (ORDER BY at)
       ) s WHERE prev_country <> country AND at - prev_at < make_interval(hours => $3) ORDER BY at DESC LIMIT 1`,
      [upn, hours, TRAVEL_WINDOW_HOURS],
    );
    return rows.map((r: { prev_country: string; prev_at: Date; country: string; at: Date }) => ({
      from: { country: r.prev_country, at: iso(r.prev_at) },
      to: { country: r.country, at: iso(r.at) },
      minutes: Math.round((r.at.getTime() - r.prev_at.getTime()) / 60_000),
    }));
  }

  /**
   * Messages matching every criterion given. A network message id stands for its sender and
   * subject (the campaign), and the message itself is left out: the answer is the other copies.
   */
  private async emailSimilar(a: Args<'email.similar'>): Promise<Output> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    if (a.networkMessageId) {
      const [ref] = await this.db.query('SELECT sender, subject FROM lab_messages WHERE network_message_id = $1', [
        a.networkMessageId.trim(),
      ]);
      if (!ref) return { found: false, count: 0, messages: [], mailboxes: [] };
      where.push(`sender = ${p(ref.sender)}`, `subject = ${p(ref.subject)}`, `network_message_id <> ${p(a.networkMessageId.trim())}`);
    }
    if (a.sender) where.push(`sender = ${p(a.sender.trim().toLowerCase())}`);
    if (a.subject) where.push(`subject = ${p(a.subject.trim())}`);
    if (a.url) where.push(`urls @> ARRAY[${p(normaliseUrl(a.url))}::text]`);
    if (a.attachmentSha256) where.push(`attachment_sha256 @> ARRAY[${p(a.attachmentSha256.trim().toLowerCase())}::text]`);
    const filter = where.join(' AND ');
    const [messages, mailboxes] = await Promise.all([
      this.db.query(
        `SELECT network_message_id AS "networkMessageId", mailbox, sender, subject, received_at AS "receivedAt", deleted,
                count(*) OVER ()::int AS total
         FROM lab_messages WHERE ${filter} ORDER BY received_at DESC, network_message_id LIMIT ${LIST_CAP}`,
        params,
      ),
      this.db.query(`SELECT DISTINCT mailbox FROM lab_messages WHERE ${filter} ORDER BY mailbox LIMIT ${LIST_CAP}`, params),
    ]);
    return {
      ...(a.networkMessageId ? { found: true } : {}),
      count: messages[0]?.total ?? 0,
      messages: messages.map(({ total: _total, receivedAt, ...m }: { total: number; receivedAt: Date }) => ({
        ...m,
        receivedAt: iso(receivedAt),
      })),
      mailboxes: mailboxes.map((m: { mailbox: string }) => m.mailbox),
    };
  }

  /** Alerts carrying a correlation key (as src/correlation/keys.ts spells it, e.g. `user:upn:bob@contoso.com`). */
  private async alertsRelated(key: string, days: number, excludeAlert?: string): Promise<Output> {
    const recent = `k.key = $1 AND k.activity_at >= now() - make_interval(days => $2) AND k.alert_id::text IS DISTINCT FROM $3`;
    const [alerts, [{ count }]] = await Promise.all([
      this.db.query(
        `SELECT a.id, a.title, a.severity, a.incident_id::int AS "incidentId", a.first_activity_at AS "firstActivityAt"
         FROM alert_keys k JOIN alerts a ON a.id = k.alert_id WHERE ${recent}
         ORDER BY k.activity_at DESC, a.id LIMIT ${LIST_CAP}`,
        [key, days, excludeAlert || null],
      ),
      this.db.query(`SELECT count(DISTINCT k.alert_id)::int AS count FROM alert_keys k WHERE ${recent}`, [key, days, excludeAlert || null]),
    ]);
    return { key, days, count, alerts: alerts.map((r: { firstActivityAt: Date }) => ({ ...r, firstActivityAt: iso(r.firstActivityAt) })) };
  }
}
