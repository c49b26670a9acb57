import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Person } from '../auth/roles.js';

export interface PersonRow extends Person {
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** When an administrator deactivated the person (they left); null while active. */
  deactivatedAt: Date | null;
  deactivatedBy: string | null;
  /** When an administrator last let the person back in: the provider's tokens issued before it are refused. */
  reactivatedAt: Date | null;
}

const COLUMNS = `id, issuer, subject, name, email, first_seen_at AS "firstSeenAt", last_seen_at AS "lastSeenAt",
  deactivated_at AS "deactivatedAt", deactivated_by AS "deactivatedBy", reactivated_at AS "reactivatedAt"`;

/** The `persons` table: one row per (issuer, subject) the OpenID provider has vouched for. */
@Injectable()
export class PersonRepository {
  constructor(readonly db: DataSource) {}

  /** Creates the person on first sight, else refreshes the name and e-mail the provider now gives and the last-seen time. */
  async upsert(
    p: { issuer: string; subject: string; name: string; email: string | null },
    m: EntityManager | DataSource = this.db,
  ): Promise<PersonRow & { created: boolean }> {
    const rows = await m.query(
      `INSERT INTO persons (issuer, subject, name, email) VALUES ($1, $2, $3, $4)
       ON CONFLICT (issuer, subject) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, last_seen_at = now()
       RETURNING ${COLUMNS}, (xmax = 0) AS created`,
      [p.issuer, p.subject, p.name, p.email],
    );
    return rows[0];
  }

  async findById(id: string, m: EntityManager | DataSource = this.db, lock = false): Promise<PersonRow | undefined> {
    const rows = await m.query(`SELECT ${COLUMNS} FROM persons WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0];
  }

  /** Everyone the provider has vouched for, active first, then by name. */
  list(includeDeactivated: boolean): Promise<PersonRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM persons ${includeDeactivated ? '' : 'WHERE deactivated_at IS NULL'}
       ORDER BY deactivated_at IS NOT NULL, lower(name), id`,
    );
  }

  /** Whether the person may act (known and not deactivated), and since when tokens of theirs count. */
  async standing(id: string): Promise<{ active: boolean; tokensFrom: Date | null }> {
    const rows: { active: boolean; from: Date | null }[] = await this.db.query(
      `SELECT deactivated_at IS NULL AS active, reactivated_at AS "from" FROM persons WHERE id = $1`,
      [id],
    );
    return { active: rows[0]?.active ?? false, tokensFrom: rows[0]?.from ?? null };
  }

  /**
   * Whether the person may act, held until the caller's transaction ends (a share lock on the row):
   * a deactivation, which locks the row to mark it, waits for that transaction and then sees what it
   * wrote; one already under way makes this wait for it and answer no.
   */
  async holdActive(m: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM persons WHERE id = $1 AND deactivated_at IS NULL FOR SHARE`, [id]);
    return rows.length > 0;
  }

  /** Lets the person act again; what their deactivation ended stays ended. */
  async reactivate(m: EntityManager, id: string): Promise<PersonRow> {
    const rows = await m.query(
      `UPDATE persons SET deactivated_at = NULL, deactivated_by = NULL, reactivated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0][0];
  }

  /** Marks the person deactivated (once: a second call keeps the first time and author). */
  async deactivate(m: EntityManager, id: string, by: string): Promise<PersonRow> {
    const rows = await m.query(
      `UPDATE persons SET deactivated_at = coalesce(deactivated_at, now()), deactivated_by = coalesce(deactivated_by, $2)
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, by],
    );
    return rows[0][0];
  }
}
