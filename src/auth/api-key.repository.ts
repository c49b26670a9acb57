import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Person, Role } from './roles.js';

export interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  keyPrefix: string;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** The person who owns the key; null for a service key. */
  ownerPersonId: string | null;
}

const COLUMNS = `id, name, role, key_prefix AS "keyPrefix", created_by AS "createdBy", created_at AS "createdAt",
  last_used_at AS "lastUsedAt", revoked_at AS "revokedAt", owner_person_id AS "ownerPersonId"`;

@Injectable()
export class ApiKeyRepository {
  constructor(readonly db: DataSource) {}

  async insert(
    k: { name: string; role: Role; keyHash: string; keyPrefix: string; createdBy: string | null; ownerPersonId: string | null },
    m: EntityManager | DataSource = this.db,
  ): Promise<ApiKeyRow> {
    const rows: ApiKeyRow[] = await m.query(
      `INSERT INTO api_keys (name, role, key_hash, key_prefix, created_by, owner_person_id) VALUES ($1,$2,$3,$4,$5,$6) RETURNING ${COLUMNS}`,
      [k.name, k.role, k.keyHash, k.keyPrefix, k.createdBy, k.ownerPersonId],
    );
    return rows[0];
  }

  /** An active key by its hash, with its owner when a person owns it. */
  async findActiveByHash(hash: string): Promise<(ApiKeyRow & { keyHash: string; owner: Person | null }) | undefined> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS}, key_hash AS "keyHash",
         (SELECT json_build_object('id', p.id, 'issuer', p.issuer, 'subject', p.subject, 'name', p.name, 'email', p.email)
          FROM persons p WHERE p.id = api_keys.owner_person_id) AS owner
       FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    return rows[0];
  }

  /** The active key of that name: who a mapped chat user acts as. */
  async findActiveByName(name: string): Promise<ApiKeyRow | undefined> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM api_keys WHERE name = $1 AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 1`,
      [name],
    );
    return rows[0];
  }

  async touch(id: string): Promise<void> {
    await this.db.query(
      `UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }

  list(includeRevoked: boolean): Promise<ApiKeyRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM api_keys ${includeRevoked ? '' : 'WHERE revoked_at IS NULL'} ORDER BY created_at, id`);
  }

  /** Revokes a key; `wasActive` says whether this call revoked it (false when it already was). */
  async revoke(idOrName: string, m: EntityManager | DataSource = this.db): Promise<(ApiKeyRow & { wasActive: boolean }) | undefined> {
    const isUuid = /^[0-9a-f-]{36}$/i.test(idOrName);
    // TypeORM answers an UPDATE with [rows, affectedCount].
    const [rows]: [(ApiKeyRow & { wasActive: boolean })[], number] = await m.query(
      `WITH target AS (
         SELECT id AS target_id, revoked_at IS NULL AS was_active FROM api_keys
         WHERE ${isUuid ? 'id = $1::uuid' : 'name = $1 AND revoked_at IS NULL'} FOR UPDATE
       )
       UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) FROM target WHERE api_keys.id = target.target_id
       RETURNING ${COLUMNS}, target.was_active AS "wasActive"`,
      [idOrName],
    );
    return rows[0];
  }

  /** Revokes every active key the person owns; returns the keys this call revoked. */
  revokeOwnedBy(personId: string, m: EntityManager | DataSource = this.db): Promise<ApiKeyRow[]> {
    return m
      .query(`UPDATE api_keys SET revoked_at = now() WHERE owner_person_id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`, [personId])
      .then(([rows]: [ApiKeyRow[], number]) => rows);
  }

  async countActive(): Promise<number> {
    const rows = await this.db.query('SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL');
    return rows[0].n;
  }
}
