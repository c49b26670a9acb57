import type { DataSource } from 'typeorm';

/** One effect in flight, keyed by (connector, actionId, operation). */
export interface LedgerKey {
  connector: string;
  actionId: string;
  operation: string;
}

export interface LedgerEntry {
  /** The product's watermark (e.g. lastPasswordChangeDateTime) read before the first request was sent. */
  baseline: string | null;
  done: boolean;
  /** True when this call created the entry: no earlier attempt can have sent the request. */
  fresh: boolean;
}

/**
 * Durable memory for effects a product cannot deduplicate. `begin` is written before the request is
 * sent, so a retry after a crash knows an earlier attempt may have acted and checks the product first.
 */
export interface ConnectorLedger {
  begin(key: LedgerKey, subject: string, baseline: string | null): Promise<LedgerEntry>;
  finish(key: LedgerKey): Promise<void>;
}

/** The ledger in Quell's own database (table `connector_ledger`). */
export class PgConnectorLedger implements ConnectorLedger {
  constructor(private readonly db: DataSource) {}

  async begin(key: LedgerKey, subject: string, baseline: string | null): Promise<LedgerEntry> {
    const created = await this.db.query(
      `INSERT INTO connector_ledger (connector, action_id, operation, subject, baseline) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING baseline`,
      [key.connector, key.actionId, key.operation, subject, baseline],
    );
    if (created.length) return { baseline, done: false, fresh: true };
    const [prior]: { baseline: string | null; done: boolean }[] = await this.db.query(
      `SELECT baseline, done_at IS NOT NULL AS done FROM connector_ledger WHERE connector = $1 AND action_id = $2 AND operation = $3`,
      [key.connector, key.actionId, key.operation],
    );
    return { baseline: prior.baseline, done: prior.done, fresh: false };
  }

  async finish(key: LedgerKey): Promise<void> {
    await this.db.query(
      `UPDATE connector_ledger SET done_at = coalesce(done_at, now()) WHERE connector = $1 AND action_id = $2 AND operation = $3`,
      [key.connector, key.actionId, key.operation],
    );
  }
}
