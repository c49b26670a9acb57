import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { WritebackOutcome, WritebackTarget } from '../../domain/alert-sync.js';
import type { WritebackChange } from './vendor-writer.js';

type Db = EntityManager | DataSource;

/** An analyst's change to write back: the outbox row, written in the transaction of the change. */
export interface WritebackRequest {
  id: string;
  incidentId: number;
  version: number;
  change: WritebackChange;
  requestedBy: string;
}

export interface WritebackResultRow {
  target: WritebackTarget;
  targetRef: string;
  writer: string;
  outcome: WritebackOutcome;
  vendorLastUpdate: Date | null;
  details: Record<string, unknown>;
}

const REQUEST_COLUMNS = `id::text, incident_id::int AS "incidentId", version, change, requested_by AS "requestedBy"`;

/** Owns `writeback_requests` (the outbox of analysts' changes to write back) and `writeback_results` (one per vendor object). */
@Injectable()
export class WritebackStore {
  constructor(private readonly db: DataSource) {}

  /** Idempotent per incident version: one request per analyst change. */
  async request(m: Db, r: Omit<WritebackRequest, 'id'>): Promise<WritebackRequest> {
    await m.query(
      `INSERT INTO writeback_requests (incident_id, version, change, requested_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (incident_id, version) DO NOTHING`,
      [r.incidentId, r.version, JSON.stringify(r.change), r.requestedBy],
    );
    const [row] = await m.query(`SELECT ${REQUEST_COLUMNS} FROM writeback_requests WHERE incident_id = $1 AND version = $2`, [
      r.incidentId,
      r.version,
    ]);
    return row;
  }

  async find(id: string): Promise<WritebackRequest | undefined> {
    return (await this.db.query(`SELECT ${REQUEST_COLUMNS} FROM writeback_requests WHERE id = $1`, [id]))[0];
  }

  async markStarted(ids: string[]): Promise<void> {
    if (ids.length)
      await this.db.query('UPDATE writeback_requests SET started_at = now() WHERE id = ANY($1) AND started_at IS NULL', [ids]);
  }

  /** Requests committed but whose workflow start was never confirmed. */
  findUnstarted(olderThanMs: number, limit: number): Promise<WritebackRequest[]> {
    return this.db.query(
      `SELECT ${REQUEST_COLUMNS} FROM writeback_requests
       WHERE started_at IS NULL AND requested_at < now() - make_interval(secs => $1) ORDER BY requested_at LIMIT $2`,
      [olderThanMs / 1000, limit],
    );
  }

  async markFinished(id: string): Promise<void> {
    await this.db.query(
      'UPDATE writeback_requests SET finished_at = coalesce(finished_at, now()), started_at = coalesce(started_at, now()) WHERE id = $1',
      [id],
    );
  }

  async resultOf(requestId: string, target: WritebackTarget, ref: string): Promise<WritebackResultRow | undefined> {
    const rows = await this.db.query(
      `SELECT target, target_ref AS "targetRef", writer, outcome, vendor_last_update AS "vendorLastUpdate", details
       FROM writeback_results WHERE request_id = $1 AND target = $2 AND target_ref = $3`,
      [requestId, target, ref],
    );
    return rows[0];
  }

  resultsOf(requestId: string): Promise<WritebackResultRow[]> {
    return this.db.query(
      `SELECT target, target_ref AS "targetRef", writer, outcome, vendor_last_update AS "vendorLastUpdate", details
       FROM writeback_results WHERE request_id = $1 ORDER BY at, target, target_ref`,
      [requestId],
    );
  }

  /** The vendor's last-update time of an object as Quell last wrote or confirmed it; null when never. */
  async lastKnown(writer: string, target: WritebackTarget, ref: string): Promise<Date | null> {
    const [row] = await this.db.query(
      `SELECT vendor_last_update AS "lastUpdate" FROM writeback_results
       WHERE writer = $1 AND target = $2 AND target_ref = $3 AND outcome IN ('written','unchanged') AND vendor_last_update IS NOT NULL
       ORDER BY vendor_last_update DESC LIMIT 1`,
      [writer, target, ref],
    );
    return row?.lastUpdate ?? null;
  }

  async recordResult(m: Db, requestId: string, r: WritebackResultRow): Promise<void> {
    await m.query(
      `INSERT INTO writeback_results (request_id, target, target_ref, writer, outcome, vendor_last_update, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [requestId, r.target, r.targetRef, r.writer, r.outcome, r.vendorLastUpdate, JSON.stringify(r.details)],
    );
  }
}
