import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { recordAudit } from './audit.store.js';

/** At most one `auth.failed` row per address in this window; the row counts the failures it stands for. */
const WINDOW_MS = 60_000;
const MAX_ADDRESSES = 10_000;

/**
 * Failed authentications go to the audit log, aggregated per address so that a flood of guesses
 * costs one row a minute, not one per request. The presented key never reaches the log.
 */
export class AuthFailureAudit {
  private readonly seen = new Map<string, { since: number; unrecorded: number }>();

  constructor(
    private readonly db: DataSource,
    private readonly log: Logger,
  ) {}

  failed(
    ip: string | null,
    userAgent: string | null,
    reason: 'invalid_or_revoked_key' | 'throttled' | 'person_deactivated' | `invalid_token:${string}`,
  ): void {
    const address = ip ?? 'unknown';
    const now = Date.now();
    const entry = this.seen.get(address);
    if (entry && now - entry.since < WINDOW_MS) {
      entry.unrecorded += 1;
      return;
    }
    if (this.seen.size >= MAX_ADDRESSES) this.seen.clear();
    const failures = 1 + (entry?.unrecorded ?? 0);
    this.seen.set(address, { since: now, unrecorded: 0 });
    this.db
      .transaction((m) =>
        recordAudit(m, {
          action: 'auth.failed',
          actor: { kind: 'system', id: null, name: 'anonymous' },
          source: { ip, userAgent },
          after: { reason, failures },
        }),
      )
      .catch((err: unknown) => this.log.warn({ err }, 'could not record a failed authentication in the audit log'));
  }
}
