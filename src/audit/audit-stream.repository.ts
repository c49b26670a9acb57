import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface StreamCursor {
  receiver: string;
  deliveredSeq: number;
  deliveredTotal: number;
  failuresTotal: number;
  consecutiveFailures: number;
}

interface CursorRow {
  receiver: string;
  delivered_seq: string;
  delivered_total: string;
  failures_total: string;
  consecutive_failures: number;
}

const mapCursor = (r: CursorRow): StreamCursor => ({
  receiver: r.receiver,
  deliveredSeq: Number(r.delivered_seq),
  deliveredTotal: Number(r.delivered_total),
  failuresTotal: Number(r.failures_total),
  consecutiveFailures: r.consecutive_failures,
});

/** Owns `audit_stream_cursor`: one row per receiver, claimed with a lease by the relay that sends to it. */
@Injectable()
export class AuditStreamRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Takes the receiver's lease if it is due (past its backoff) and no other relay holds it; one
   * short statement, so no transaction stays open while the receiver answers. Undefined when not
   * due or held elsewhere.
   */
  async claim(receiver: string, leaseSeconds: number): Promise<StreamCursor | undefined> {
    await this.db.query(`INSERT INTO audit_stream_cursor (receiver) VALUES ($1) ON CONFLICT DO NOTHING`, [receiver]);
    const [rows]: [CursorRow[]] = await this.db.query(
      `UPDATE audit_stream_cursor SET lease_until = now() + make_interval(secs => $2), updated_at = now()
        WHERE receiver = $1 AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
        RETURNING receiver, delivered_seq, delivered_total, failures_total, consecutive_failures`,
      [receiver, leaseSeconds],
    );
    return rows[0] && mapCursor(rows[0]);
  }

  /**
   * After a 2xx: moves the cursor from `fromSeq` to `toSeq` and renews the lease. False when the
   * cursor is no longer at `fromSeq` (another relay took over after the lease ran out): stop.
   */
  async advance(receiver: string, fromSeq: number, toSeq: number, count: number, leaseSeconds: number): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.db.query(
      `UPDATE audit_stream_cursor
          SET delivered_seq = $3, delivered_total = delivered_total + $4, consecutive_failures = 0, last_error = NULL,
              lease_until = now() + make_interval(secs => $5), updated_at = now()
        WHERE receiver = $1 AND delivered_seq = $2`,
      [receiver, fromSeq, toSeq, count, leaseSeconds],
    );
    return affected === 1;
  }

  /** After a failed attempt: counts it, sets the next attempt `retryInSeconds` away and gives the lease back. */
  async fail(receiver: string, error: string, retryInSeconds: number): Promise<void> {
    await this.db.query(
      `UPDATE audit_stream_cursor
          SET failures_total = failures_total + 1, consecutive_failures = consecutive_failures + 1, last_error = $2,
              next_attempt_at = now() + make_interval(secs => $3), lease_until = NULL, updated_at = now()
        WHERE receiver = $1`,
      [receiver, error.slice(0, 500), retryInSeconds],
    );
  }

  /** Gives the lease back when there is nothing more to send. */
  async release(receiver: string): Promise<void> {
    await this.db.query(`UPDATE audit_stream_cursor SET lease_until = NULL, updated_at = now() WHERE receiver = $1`, [receiver]);
  }

  async get(receiver: string): Promise<StreamCursor | undefined> {
    const rows: CursorRow[] = await this.db.query(
      `SELECT receiver, delivered_seq, delivered_total, failures_total, consecutive_failures FROM audit_stream_cursor WHERE receiver = $1`,
      [receiver],
    );
    return rows[0] && mapCursor(rows[0]);
  }
}
