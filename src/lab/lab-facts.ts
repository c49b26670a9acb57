import type { DataSource } from 'typeorm';
import type { FactAnswers, Facts } from '../connectors/connector.js';
import { normaliseUrl, shortHost } from '../correlation/keys.js';
import { type CatalogArgs, unknownDevice } from '../domain/catalog.js';
import { impossibleTravel, type Travel } from '../domain/impossible-travel.js';

/** Outputs land in workflow history and playbook expressions: lists are capped, with the total beside them. */
const LIST_CAP = 50;
const DEFAULT_SIGNIN_HOURS = 48;

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

type Output = Facts;
const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/**
 * The facts the simulated estate answers (device, user, sign-ins, mail), read from the lab tables
 * with the same fields whether or not the subject was found, so playbook expressions never fail on
 * a missing field.
 */
export class LabFacts {
  readonly answers: FactAnswers = {
    'device.info': (a) => this.deviceInfo(a.device),
    'user.info': (a) => this.userInfo(a.user),
    'user.signins': (a) => this.userSignins(a.user, a.hours ?? DEFAULT_SIGNIN_HOURS),
    'email.similar': (a) => this.emailSimilar(a),
  };

  constructor(private readonly db: DataSource) {}

  private async deviceInfo(device: string): Promise<Output> {
    const id = device.trim();
    const rows = await this.db.query(
      `SELECT device_id, hostname, os, device_group, risk, isolated, app_restricted, logged_on_users, ips, last_seen_at
       FROM lab_devices WHERE device_id = $1 OR hostname = $2 ORDER BY device_id = $1 DESC LIMIT 1`,
      [id, shortHost(id)],
    );
    const d = rows[0];
    if (!d) {
      return unknownDevice(shortHost(id));
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
    const [signins, [totals], travel] = await Promise.all([
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

  /** Impossible travel among the window's successful sign-ins, judged by the rule every connector shares. */
  private async impossibleTravel(upn: string, hours: number): Promise<Travel | null> {
    const rows: { at: Date; country: string | null }[] = await this.db.query(
      `SELECT at, country FROM lab_signins WHERE upn = $1 AND result = 'success' AND at >= now() - make_interval(hours => $2) ORDER BY at`,
      [upn, hours],
    );
    return impossibleTravel(rows.map((r) => ({ ...r, result: 'success' })));
  }

  /**
   * Messages matching every criterion given. A network message id stands for its sender and
   * subject (the campaign), and the message itself is left out: the answer is the other copies.
   */
  private async emailSimilar(a: CatalogArgs<'email.similar'>): Promise<Output> {
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
}
