import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Person } from '../auth/roles.js';

export interface PersonRow extends Person {
  firstSeenAt: Date;
  lastSeenAt: Date;
}

const COLUMNS = `id, issuer, subject, name, email, first_seen_at AS "firstSeenAt", last_seen_at AS "lastSeenAt"`;

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

  async findById(id: string): Promise<PersonRow | undefined> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM persons WHERE id = $1`, [id]);
    return rows[0];
  }
}
