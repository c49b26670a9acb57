import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/roles.js';
import type { AuditAction, AuditActorKind, Audited } from '../domain/audit.js';

export type { Audited } from '../domain/audit.js';

export interface AuditEntry extends Audited {
  action: AuditAction;
  target?: { type: string; id: string | number };
  before?: unknown;
  after?: unknown;
}

export interface AuditRecord {
  seq: number;
  at: Date;
  actor: { kind: AuditActorKind; id: string | null; name: string; issuer: string | null; email: string | null };
  source: { ip: string | null; userAgent: string | null };
  action: AuditAction;
  target: { type: string; id: string | null } | null;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditFilters {
  actions?: AuditAction[];
  /** Matches the actor's id or name. */
  actor?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
  /** Only rows with a sequence number below this one (newest-first paging). */
  beforeSeq?: number;
  limit: number;
}

export type VerifyResult = { ok: true; count: number; headSeq: number; headHash: string } | { ok: false; seq: number; reason: string };

export const GENESIS_HASH = '0'.repeat(64);

/** The caller of an API request as an audit actor: a person (by their subject, whatever key or session they used) or a key. */
export function auditedBy(p: Principal): Audited {
  if (p.person)
    return {
      actor: { kind: 'person', id: p.subject, name: p.person.name, issuer: p.person.issuer, email: p.person.email },
      source: p.source,
    };
  return { actor: { kind: 'key', id: p.keyId, name: p.name }, source: p.source };
}

/** Quell itself, or an operator at the command line (no request, no key). */
export const systemAudit = (name: string): Audited => ({ actor: { kind: 'system', id: null, name } });

const SECRET_FIELD =
  /^(secret|key|keyhash|key_hash|password|token|accesstoken|refreshtoken|clientsecret|client_secret|apikey|authorization)$/i;

/** Replaces the values of fields that hold secrets, at any depth: the log never keeps one. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, SECRET_FIELD.test(k) && v !== null ? '[redacted]' : redact(v)]),
    );
  }
  return value;
}

/** JSON with object keys sorted at every depth: the same value always serialises the same way, whatever jsonb did to key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hash that seals a row: SHA-256 over its canonical serialisation and the previous row's hash. */
export function chainHash(r: Omit<AuditRecord, 'hash'>): string {
  const parts = [
    r.seq,
    r.at.toISOString(),
    r.actor.kind,
    r.actor.id,
    r.actor.name,
    r.actor.issuer,
    r.actor.email,
    r.source.ip,
    r.source.userAgent,
    r.action,
    r.target?.type ?? null,
    r.target?.id ?? null,
  ];
  return createHash('sha256')
    .update(`${JSON.stringify(parts)}\n${canonicalJson(r.before)}\n${canonicalJson(r.after)}\n${r.prevHash}`, 'utf8')
    .digest('hex');
}

/**
 * Appends entries to the audit log inside the caller's transaction, so a change and its audit row
 * commit together or not at all. The chain head is locked FOR UPDATE: concurrent writers queue on
 * it, and the chain stays one line. Call it last in a transaction, after the change's own locks.
 */
export async function recordAudit(m: EntityManager, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (!list.length) return;
  const [head]: { seq: string; hash: string }[] = await m.query('SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE');
  let seq = Number(head.seq);
  let prevHash = head.hash;
  for (const e of list) {
    seq += 1;
    const row: Omit<AuditRecord, 'hash'> = {
      seq,
      at: new Date(),
      actor: { kind: e.actor.kind, id: e.actor.id, name: e.actor.name, issuer: e.actor.issuer ?? null, email: e.actor.email ?? null },
      source: { ip: e.source?.ip ?? null, userAgent: e.source?.userAgent?.slice(0, 512) ?? null },
      action: e.action,
      target: e.target ? { type: e.target.type, id: String(e.target.id) } : null,
      // Through JSON first: what is hashed is exactly what jsonb keeps (dates as strings, no undefined).
      before: e.before === undefined ? null : JSON.parse(JSON.stringify(redact(e.before))),
      after: e.after === undefined ? null : JSON.parse(JSON.stringify(redact(e.after))),
      prevHash,
    };
    const hash = chainHash(row);
    await m.query(
      `INSERT INTO audit_log (seq, at, actor_kind, actor_id, actor_name, actor_issuer, actor_email, source_ip, user_agent,
         action, target_type, target_id, before, after, prev_hash, hash)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
      [
        row.seq,
        row.at,
        row.actor.kind,
        row.actor.id,
        row.actor.name,
        row.actor.issuer,
        row.actor.email,
        row.source.ip,
        row.source.userAgent,
        row.action,
        row.target?.type ?? null,
        row.target?.id ?? null,
        row.before === null ? null : JSON.stringify(row.before),
        row.after === null ? null : JSON.stringify(row.after),
        row.prevHash,
        hash,
      ],
    );
    prevHash = hash;
  }
  await m.query('UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1', [seq, prevHash]);
}

const COLUMNS = `seq, at, actor_kind, actor_id, actor_name, actor_issuer, actor_email, source_ip, user_agent, action,
  target_type, target_id, before, after, prev_hash, hash`;

interface AuditDbRow {
  seq: string;
  at: Date;
  actor_kind: AuditActorKind;
  actor_id: string | null;
  actor_name: string;
  actor_issuer: string | null;
  actor_email: string | null;
  source_ip: string | null;
  user_agent: string | null;
  action: AuditAction;
  target_type: string | null;
  target_id: string | null;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

function mapRow(r: AuditDbRow): AuditRecord {
  return {
    seq: Number(r.seq),
    at: r.at,
    actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name, issuer: r.actor_issuer, email: r.actor_email },
    source: { ip: r.source_ip, userAgent: r.user_agent },
    action: r.action,
    target: r.target_type === null ? null : { type: r.target_type, id: r.target_id },
    before: r.before,
    after: r.after,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

const PAGE = 1000;

/** Owns `audit_log` and `audit_chain_head` reads: listing, export and verification. Writes go through `recordAudit`. */
@Injectable()
export class AuditStore {
  constructor(private readonly db: DataSource) {}

  private where(f: Omit<AuditFilters, 'limit' | 'beforeSeq'>): { sql: string[]; params: unknown[] } {
    const sql: string[] = [];
    const params: unknown[] = [];
    const add = (clause: (p: string) => string, value: unknown) => {
      params.push(value);
      sql.push(clause(`$${params.length}`));
    };
    if (f.actions?.length) add((p) => `action = ANY(${p}::text[])`, f.actions);
    if (f.actor) add((p) => `(actor_id = ${p} OR actor_name = ${p})`, f.actor);
    if (f.targetType) add((p) => `target_type = ${p}`, f.targetType);
    if (f.targetId) add((p) => `target_id = ${p}`, f.targetId);
    if (f.from) add((p) => `at >= ${p}::timestamptz`, f.from);
    if (f.to) add((p) => `at < ${p}::timestamptz`, f.to);
    return { sql, params };
  }

  /** Newest first, one page; `nextBeforeSeq` continues it. */
  async list(f: AuditFilters): Promise<{ items: AuditRecord[]; nextBeforeSeq: number | null }> {
    const { sql, params } = this.where(f);
    if (f.beforeSeq !== undefined) {
      params.push(f.beforeSeq);
      sql.push(`seq < $${params.length}`);
    }
    params.push(f.limit + 1);
    const rows: AuditDbRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM audit_log ${sql.length ? `WHERE ${sql.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, f.limit).map(mapRow);
    return { items, nextBeforeSeq: rows.length > f.limit ? items[items.length - 1].seq : null };
  }

  /** Every matching row, oldest first, a page at a time (for export). */
  async *stream(f: Omit<AuditFilters, 'limit' | 'beforeSeq'>): AsyncGenerator<AuditRecord> {
    let after = 0;
    for (;;) {
      const { sql, params } = this.where(f);
      params.push(after);
      sql.push(`seq > $${params.length}`);
      const rows: AuditDbRow[] = await this.db.query(
        `SELECT ${COLUMNS} FROM audit_log WHERE ${sql.join(' AND ')} ORDER BY seq LIMIT ${PAGE}`,
        params,
      );
      for (const r of rows) yield mapRow(r);
      if (rows.length < PAGE) return;
      after = Number(rows[rows.length - 1].seq);
    }
  }

  /** The rows after sequence number `seq`, oldest first, at most `limit` (for the SIEM stream). */
  async after(seq: number, limit: number): Promise<AuditRecord[]> {
    const rows: AuditDbRow[] = await this.db.query(`SELECT ${COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [seq, limit]);
    return rows.map(mapRow);
  }

  /** How far a reader at sequence number `seq` is behind: rows after it, and when the oldest of them was written. */
  async behind(seq: number): Promise<{ rows: number; oldestAt: Date | null }> {
    const [r]: { head: string; oldest: Date | null }[] = await this.db.query(
      `SELECT h.seq AS head, (SELECT at FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1) AS oldest FROM audit_chain_head h WHERE h.id = 1`,
      [seq],
    );
    return { rows: Math.max(0, Number(r.head) - seq), oldestAt: r.oldest };
  }

  /**
   * Walks the chain from the first row to the head: every sequence number present, every row's
   * prev_hash the hash of the row before, every hash recomputed from the row's content. Stops at
   * the first break and names it.
   */
  async verify(onProgress?: (checked: number, total: number) => void): Promise<VerifyResult> {
    const [head]: { seq: string; hash: string }[] = await this.db.query('SELECT seq, hash FROM audit_chain_head WHERE id = 1');
    const headSeq = Number(head.seq);
    let expected = 1;
    let prevHash = GENESIS_HASH;
    for (;;) {
      const rows: AuditDbRow[] = await this.db.query(
        `SELECT ${COLUMNS} FROM audit_log WHERE seq >= $1 AND seq <= $2 ORDER BY seq LIMIT ${PAGE}`,
        [expected, headSeq],
      );
      for (const raw of rows) {
        const r = mapRow(raw);
        if (r.seq !== expected) {
          const missing = r.seq - 1 === expected ? `row ${expected} is` : `rows ${expected}–${r.seq - 1} are`;
          return { ok: false, seq: expected, reason: `gap: ${missing} missing (deleted)` };
        }
        if (r.prevHash !== prevHash) return { ok: false, seq: r.seq, reason: `prev_hash does not match the hash of row ${r.seq - 1}` };
        if (chainHash(r) !== r.hash) return { ok: false, seq: r.seq, reason: 'hash mismatch: the row was altered after it was written' };
        prevHash = r.hash;
        expected += 1;
      }
      onProgress?.(expected - 1, headSeq);
      if (rows.length < PAGE) break;
    }
    if (expected - 1 !== headSeq) {
      const missing = expected === headSeq ? `row ${expected} is` : `rows ${expected}–${headSeq} are`;
      return { ok: false, seq: expected, reason: `gap: ${missing} missing (the chain head is at ${headSeq})` };
    }
    if (prevHash !== head.hash) return { ok: false, seq: headSeq, reason: 'the last row does not match the recorded chain head' };
    return { ok: true, count: headSeq, headSeq, headHash: head.hash };
  }
}
