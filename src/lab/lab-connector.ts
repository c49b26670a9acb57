import type { DataSource, EntityManager } from 'typeorm';
import { type ActionType, RECORDED } from '../domain/actions.js';
import type { Entity } from '../domain/alert.js';
import {
  type Connector,
  type ConnectorHealth,
  type ConnectorRequest,
  type ConnectorResult,
  type FactAnswers,
  PermanentConnectorError,
} from '../connectors/connector.js';
import { LabFacts } from './lab-facts.js';
import { canonicalIp, entityKeys, normaliseUrl, shortHost } from '../correlation/keys.js';

type Details = Record<string, unknown>;
type Effect = (m: EntityManager, req: ConnectorRequest) => Promise<Details>;
type EntityOf<T extends Entity['type']> = Extract<Entity, { type: T }>;
type Row = Record<string, unknown>;

/** TypeORM answers an UPDATE/DELETE with `[rows, affected]`: this returns the rows (of `RETURNING`). */
async function changed<R = Row>(m: EntityManager, sql: string, params: unknown[]): Promise<R[]> {
  const [rows] = (await m.query(sql, params)) as [R[], number];
  return rows;
}

function targetAs<T extends Entity['type']>(req: ConnectorRequest, type: T): EntityOf<T> {
  if (req.target.type !== type) throw new PermanentConnectorError(`${req.type} needs a ${type} target, not a ${req.target.type}`);
  return req.target as EntityOf<T>;
}

const stringParam = (req: ConnectorRequest, name: string): string | undefined => {
  const v = req.params[name];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
};

async function findDevice(
  m: EntityManager,
  id: string | undefined,
  host: string | undefined,
): Promise<{ deviceId: string; hostname: string }> {
  const rows: { deviceId: string; hostname: string }[] = await m.query(
    `SELECT device_id AS "deviceId", hostname FROM lab_devices WHERE device_id = $1 OR hostname = $2
     ORDER BY device_id = $1 DESC NULLS LAST LIMIT 1`,
    [id ?? null, host ? shortHost(host) : null],
  );
  if (!rows[0]) throw new PermanentConnectorError(`device ${id ?? host ?? '(no identifier)'} does not exist in the lab`);
  return rows[0];
}

function deviceOf(req: ConnectorRequest) {
  const d = targetAs(req, 'device');
  if (!d.deviceId && !d.hostname) throw new PermanentConnectorError('the device target needs a deviceId or hostname');
  return (m: EntityManager) => findDevice(m, d.deviceId, d.hostname);
}

async function findUser(m: EntityManager, req: ConnectorRequest): Promise<string> {
  const u = targetAs(req, 'user');
  if (!u.upn && !u.aadObjectId && !u.sid) throw new PermanentConnectorError('the user target needs a upn, aadObjectId or sid');
  const rows: { upn: string }[] = await m.query(`SELECT upn FROM lab_users WHERE upn = $1 OR aad_object_id = $2 OR sid = $3 LIMIT 1`, [
    u.upn?.toLowerCase() ?? null,
    u.aadObjectId?.toLowerCase() ?? null,
    u.sid?.toUpperCase() ?? null,
  ]);
  if (!rows[0]) throw new PermanentConnectorError(`user ${u.upn ?? u.aadObjectId ?? u.sid} does not exist in the lab`);
  return rows[0].upn;
}

async function findMailbox(
  m: EntityManager,
  req: ConnectorRequest,
): Promise<{ address: string; forwarding: string | null; rules: { name?: string }[] }> {
  const address = targetAs(req, 'mailbox').address.toLowerCase();
  const rows = await m.query(
    `SELECT address, external_forwarding AS forwarding, inbox_rules AS rules FROM lab_mailboxes
     WHERE address = $1 OR user_upn = $1 LIMIT 1 FOR UPDATE`,
    [address],
  );
  if (!rows[0]) throw new PermanentConnectorError(`mailbox ${address} does not exist in the lab`);
  return rows[0];
}

const deviceFlag =
  (column: 'isolated' | 'app_restricted', value: boolean, label: string): Effect =>
  async (m, req) => {
    const device = await deviceOf(req)(m);
    await m.query(`UPDATE lab_devices SET ${column} = $2 WHERE device_id = $1`, [device.deviceId, value]);
    return { device: device.hostname, [label]: value };
  };

const deviceCounter =
  (column: 'av_scans' | 'packages_collected', label: string): Effect =>
  async (m, req) => {
    const device = await deviceOf(req)(m);
    const [row] = await changed<{ n: number }>(
      m,
      `UPDATE lab_devices SET ${column} = ${column} + 1 WHERE device_id = $1 RETURNING ${column} AS n`,
      [device.deviceId],
    );
    return { device: device.hostname, [label]: row.n };
  };

/** Every copy of the file in the estate, or only the one on `params.deviceId` (an id or a host name). */
const fileQuarantine =
  (quarantined: boolean, extra: Details = {}): Effect =>
  async (m, req) => {
    const sha256 = targetAs(req, 'file').sha256?.toLowerCase();
    if (!sha256) throw new PermanentConnectorError(`${req.type} needs a file target with a sha256`);
    const on = stringParam(req, 'deviceId');
    const device = on ? await findDevice(m, on, on) : undefined;
    const rows = await changed<{ hostname: string; path: string }>(
      m,
      `UPDATE lab_files f SET quarantined = $3 WHERE sha256 = $1 AND ($2::text IS NULL OR device_id = $2)
     RETURNING f.path, (SELECT hostname FROM lab_devices d WHERE d.device_id = f.device_id) AS hostname`,
      [sha256, device?.deviceId ?? null, quarantined],
    );
    if (!rows.length)
      throw new PermanentConnectorError(`no file with sha256 ${sha256} exists in the lab${device ? ` on ${device.hostname}` : ''}`);
    return {
      sha256,
      quarantined,
      ...extra,
      files: rows.length,
      devices: [...new Set(rows.map((r) => r.hostname ?? 'unknown'))].slice(0, 50),
    };
  };

/** The definition of a lab persistence entry: what `remove_persistence` records and its inverse re-creates. */
interface PersistenceEntry {
  kind: string;
  location: string;
}

/** Records every entry it removes (its full definition) before it removes it, for `restore_persistence`. */
const removePersistence: Effect = async (m, req) => {
  const device = await deviceOf(req)(m);
  const location = stringParam(req, 'location');
  const present: PersistenceEntry[] = await m.query(
    `SELECT kind, location FROM lab_persistence WHERE device_id = $1 AND NOT removed AND ($2::text IS NULL OR location = $2)
     ORDER BY kind, location FOR UPDATE`,
    [device.deviceId, location ?? null],
  );
  await m.query(`UPDATE lab_persistence SET removed = true WHERE device_id = $1 AND NOT removed AND ($2::text IS NULL OR location = $2)`, [
    device.deviceId,
    location ?? null,
  ]);
  return {
    device: device.hostname,
    persistenceRemoved: present.length,
    entries: present.slice(0, 50),
    [RECORDED]: { deviceId: device.deviceId, entries: present },
  };
};

/** Puts back exactly the entries the removal recorded (re-created if they were deleted since); others stay as they are. */
const restorePersistence: Effect = async (m, req) => {
  const device = await deviceOf(req)(m);
  const entries = recordedList<PersistenceEntry>(req, 'entries', (e) => typeof e.kind === 'string' && typeof e.location === 'string');
  const rows: PersistenceEntry[] = await m.query(
    `INSERT INTO lab_persistence (device_id, kind, location, removed)
     SELECT $1::text, e.kind, e.location, false FROM jsonb_to_recordset($2::jsonb) AS e(kind text, location text)
     ON CONFLICT (device_id, kind, location) DO UPDATE SET removed = false WHERE lab_persistence.removed
     RETURNING kind, location`,
    [device.deviceId, JSON.stringify(entries.map((e) => ({ kind: e.kind, location: e.location })))],
  );
  return {
    device: device.hostname,
    persistenceRestored: rows.length,
    alreadyPresent: entries.length - rows.length,
    entries: rows.slice(0, 50),
  };
};

/** A list the forward action recorded, each item checked: a record that is not what the action wrote is refused, not guessed at. */
function recordedList<T>(req: ConnectorRequest, field: string, valid: (item: Record<string, unknown>) => boolean): T[] {
  const list = req.recorded?.[field];
  if (!Array.isArray(list) || !list.every((i) => i && typeof i === 'object' && valid(i as Record<string, unknown>)))
    throw new PermanentConnectorError(`${req.type} needs the ${field} the action recorded before it changed anything; the record has none`);
  return list as T[];
}

/** One message, or (scope `cluster`) every message with its sender and subject: a campaign is removed in one action. */
const emailDeleted =
  (deleted: boolean): Effect =>
  async (m, req) => {
    const id = targetAs(req, 'email').networkMessageId;
    const [message]: { sender: string; subject: string }[] = await m.query(
      'SELECT sender, subject FROM lab_messages WHERE network_message_id = $1',
      [id],
    );
    if (!message) throw new PermanentConnectorError(`message ${id} does not exist in the lab`);
    const cluster = req.params.scope === 'cluster';
    const rows = await changed<{ mailbox: string }>(
      m,
      `UPDATE lab_messages SET deleted = $1 WHERE deleted <> $1 AND ${cluster ? 'sender = $2 AND subject = $3' : 'network_message_id = $2'}
     RETURNING mailbox`,
      cluster ? [deleted, message.sender, message.subject] : [deleted, id],
    );
    const count = deleted ? 'messagesDeleted' : 'messagesRestored';
    return {
      scope: cluster ? 'cluster' : 'message',
      [count]: rows.length,
      mailboxes: [...new Set(rows.map((r) => r.mailbox))].slice(0, 50),
    };
  };

type BlockKind = 'sender' | 'url' | 'ip' | 'file';

function blockValue(req: ConnectorRequest, kind: BlockKind): string {
  if (kind === 'file') {
    const sha256 = targetAs(req, 'file').sha256?.toLowerCase();
    if (!sha256) throw new PermanentConnectorError(`${req.type} needs a file target with a sha256`);
    return sha256;
  }
  if (kind === 'sender') return targetAs(req, 'mailbox').address.trim().toLowerCase();
  if (kind === 'url') return normaliseUrl(targetAs(req, 'url').url);
  const ip = canonicalIp(targetAs(req, 'ip').address);
  if (!ip) throw new PermanentConnectorError(`${targetAs(req, 'ip').address} is not an IP address`);
  return ip;
}

const block =
  (kind: BlockKind): Effect =>
  async (m, req) => {
    const value = blockValue(req, kind);
    const rows = await m.query('INSERT INTO lab_blocks (kind, value) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING value', [
      kind,
      value,
    ]);
    return { blocked: kind, value, alreadyBlocked: rows.length === 0 };
  };

const unblock =
  (kind: BlockKind): Effect =>
  async (m, req) => {
    const value = blockValue(req, kind);
    const rows = await changed(m, 'DELETE FROM lab_blocks WHERE kind = $1 AND value = $2 RETURNING value', [kind, value]);
    return { unblocked: kind, value, wasBlocked: rows.length > 0 };
  };

type InboxRule = Record<string, unknown> & { name?: string };

/** Records the full definition of every rule it removes (as the mailbox holds it) before removing it, for `restore_inbox_rule`. */
const removeInboxRule: Effect = async (m, req) => {
  const mailbox = await findMailbox(m, req);
  const named = stringParam(req, 'rule');
  const rules = mailbox.rules as InboxRule[];
  const keep = named ? rules.filter((r) => r.name !== named) : [];
  const removed = rules.filter((r) => !keep.includes(r));
  await m.query('UPDATE lab_mailboxes SET inbox_rules = $2 WHERE address = $1', [mailbox.address, JSON.stringify(keep)]);
  return {
    mailbox: mailbox.address,
    rulesRemoved: removed.map((r) => r.name ?? '(unnamed)'),
    rulesLeft: keep.length,
    [RECORDED]: { mailbox: mailbox.address, rules: removed },
  };
};

/** Re-creates each recorded rule exactly as it was, unless an identical rule is already there. */
const restoreInboxRule: Effect = async (m, req) => {
  const mailbox = await findMailbox(m, req);
  const recorded = recordedList<InboxRule>(req, 'rules', () => true);
  const present = new Set((mailbox.rules as InboxRule[]).map((r) => canonicalJson(r)));
  const missing = recorded.filter((r) => !present.has(canonicalJson(r)));
  await m.query('UPDATE lab_mailboxes SET inbox_rules = inbox_rules || $2::jsonb WHERE address = $1', [
    mailbox.address,
    JSON.stringify(missing),
  ]);
  return {
    mailbox: mailbox.address,
    rulesRestored: missing.map((r) => r.name ?? '(unnamed)'),
    alreadyPresent: recorded.length - missing.length,
  };
};

/** JSON with sorted keys: two rule definitions are the same rule whatever order their fields were stored in. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** Records the forwarding address it turns off, for `restore_external_forwarding`. */
const disableForwarding: Effect = async (m, req) => {
  const mailbox = await findMailbox(m, req);
  await m.query('UPDATE lab_mailboxes SET external_forwarding = NULL WHERE address = $1', [mailbox.address]);
  return {
    mailbox: mailbox.address,
    externalForwarding: null,
    previousForwarding: mailbox.forwarding,
    [RECORDED]: { mailbox: mailbox.address, externalForwarding: mailbox.forwarding },
  };
};

/** Sets forwarding back to the recorded address; a mailbox that forwards elsewhere now is refused, not overwritten. */
const restoreForwarding: Effect = async (m, req) => {
  const mailbox = await findMailbox(m, req);
  const recorded = req.recorded?.externalForwarding;
  if (recorded !== null && typeof recorded !== 'string')
    throw new PermanentConnectorError(`${req.type} needs the forwarding address the action recorded; the record has none`);
  if (recorded === null || mailbox.forwarding === recorded)
    return { mailbox: mailbox.address, externalForwarding: mailbox.forwarding, restored: false };
  if (mailbox.forwarding !== null)
    throw new PermanentConnectorError(
      `mailbox ${mailbox.address} forwards to ${mailbox.forwarding} now, not to the recorded ${recorded}: change it by hand if the recorded address is wanted`,
    );
  await m.query('UPDATE lab_mailboxes SET external_forwarding = $2 WHERE address = $1', [mailbox.address, recorded]);
  return { mailbox: mailbox.address, externalForwarding: recorded, restored: true };
};

/** A user change; `set` is a fixed SQL assignment list, never built from input. */
const userUpdate =
  (set: string, details: Details): Effect =>
  async (m, req) => {
    const upn = await findUser(m, req);
    await m.query(`UPDATE lab_users SET ${set} WHERE upn = $1`, [upn]);
    return { user: upn, ...details };
  };

/** The effect of every action type in the catalog; `satisfies` makes a new action type a compile error here. */
const EFFECTS = {
  isolate_device: deviceFlag('isolated', true, 'isolated'),
  release_device: deviceFlag('isolated', false, 'isolated'),
  restrict_app_execution: deviceFlag('app_restricted', true, 'appRestricted'),
  remove_app_restriction: deviceFlag('app_restricted', false, 'appRestricted'),
  run_av_scan: deviceCounter('av_scans', 'avScans'),
  collect_investigation_package: deviceCounter('packages_collected', 'packagesCollected'),
  quarantine_file: fileQuarantine(true),
  stop_and_quarantine_file: fileQuarantine(true, { processesStopped: true }),
  restore_file: fileQuarantine(false),
  block_file: block('file'),
  unblock_file: unblock('file'),
  remove_persistence: removePersistence,
  restore_persistence: restorePersistence,
  soft_delete_email: emailDeleted(true),
  restore_email: emailDeleted(false),
  block_sender: block('sender'),
  unblock_sender: unblock('sender'),
  block_url: block('url'),
  unblock_url: unblock('url'),
  block_ip: block('ip'),
  unblock_ip: unblock('ip'),
  remove_inbox_rule: removeInboxRule,
  restore_inbox_rule: restoreInboxRule,
  disable_external_forwarding: disableForwarding,
  restore_external_forwarding: restoreForwarding,
  disable_user: userUpdate('enabled = false', { enabled: false }),
  enable_user: userUpdate('enabled = true', { enabled: true }),
  reset_password: userUpdate('password_reset_at = now()', { passwordReset: true }),
  revoke_sessions: userUpdate('sessions_revoked_at = now()', { sessionsRevoked: true }),
  mark_user_compromised: userUpdate('compromised = true', { compromised: true }),
  mark_user_safe: userUpdate('compromised = false', { compromised: false }),
} satisfies Record<ActionType, Effect>;

const describeTarget = (target: Entity): string => entityKeys(target)[0]?.key ?? target.type;

/**
 * The built-in connector: a simulated estate in PostgreSQL. Each request first claims its
 * (actionId, operation) row in `lab_effects`, in the same transaction as the effect, so a retried
 * request (a worker died before acknowledging) finds the claim and replays the recorded details.
 */
export class LabConnector implements Connector {
  readonly name = 'lab';
  readonly actions = Object.keys(EFFECTS);
  readonly facts: FactAnswers;

  constructor(private readonly db: DataSource) {
    this.facts = new LabFacts(db).answers;
  }

  async health(): Promise<ConnectorHealth> {
    const [{ devices, users }] = await this.db.query(
      `SELECT (SELECT count(*) FROM lab_devices)::int AS devices, (SELECT count(*) FROM lab_users)::int AS users`,
    );
    const empty = devices + users === 0;
    return {
      ok: true,
      detail: empty
        ? 'the simulated estate is empty (seed it: POST /api/v1/lab/seed)'
        : `simulated estate: ${devices} devices, ${users} users`,
    };
  }

  execute(req: ConnectorRequest): Promise<ConnectorResult> {
    const effect: Effect | undefined = Object.hasOwn(EFFECTS, req.type) ? EFFECTS[req.type as ActionType] : undefined;
    if (!effect) return Promise.reject(new PermanentConnectorError(`the lab connector does not support action ${req.type}`));
    return this.db.transaction(async (m) => {
      const claimed = await m.query(
        `INSERT INTO lab_effects (action_id, operation, type, target) VALUES ($1, $2, $3, $4)
         ON CONFLICT (action_id, operation) DO NOTHING RETURNING action_id`,
        [req.actionId, req.operation, req.type, describeTarget(req.target)],
      );
      if (!claimed.length) {
        const [prior]: { details: Details }[] = await m.query('SELECT details FROM lab_effects WHERE action_id = $1 AND operation = $2', [
          req.actionId,
          req.operation,
        ]);
        return { details: prior.details, replayed: true };
      }
      const details = await effect(m, req);
      await m.query('UPDATE lab_effects SET details = $3 WHERE action_id = $1 AND operation = $2', [
        req.actionId,
        req.operation,
        JSON.stringify(details),
      ]);
      return { details, replayed: false };
    });
  }
}
