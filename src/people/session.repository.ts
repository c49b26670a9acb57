import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Person, Role } from '../auth/roles.js';

export interface SessionRow {
  tokenHash: string;
  person: Person;
  role: Role;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * The `sessions` table (console sign-ins, found by the hash of their token) and `oidc_sign_ins`
 * (a sign-in between the redirect to the provider and its callback).
 */
@Injectable()
export class SessionRepository {
  constructor(readonly db: DataSource) {}

  async insert(s: { tokenHash: string; personId: string; role: Role; expiresAt: Date }, m: EntityManager | DataSource = this.db) {
    await m.query(`INSERT INTO sessions (token_hash, person_id, role, expires_at) VALUES ($1, $2, $3, $4)`, [
      s.tokenHash,
      s.personId,
      s.role,
      s.expiresAt,
    ]);
  }

  /** A session that is neither expired nor revoked, with its person. */
  async findLive(tokenHash: string): Promise<SessionRow | undefined> {
    const rows = await this.db.query(
      `SELECT s.token_hash AS "tokenHash", s.role, s.created_at AS "createdAt", s.expires_at AS "expiresAt",
         json_build_object('id', p.id, 'issuer', p.issuer, 'subject', p.subject, 'name', p.name, 'email', p.email) AS person
       FROM sessions s JOIN persons p ON p.id = s.person_id
       WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND p.deactivated_at IS NULL`,
      [tokenHash],
    );
    return rows[0];
  }

  /** Revokes a live session; true when this call revoked it. */
  async revoke(tokenHash: string, m: EntityManager | DataSource = this.db): Promise<boolean> {
    const [, count]: [unknown, number] = await m.query(
      `UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()`,
      [tokenHash],
    );
    return count > 0;
  }

  /** Ends every live session of the person; returns how many it ended. */
  async endAllOf(personId: string, m: EntityManager | DataSource = this.db): Promise<number> {
    const [, count]: [unknown, number] = await m.query(
      `UPDATE sessions SET revoked_at = now() WHERE person_id = $1 AND revoked_at IS NULL AND expires_at > now()`,
      [personId],
    );
    return count;
  }

  /**
   * Deletes up to `limit` sessions that can no longer be used (expired or signed out); returns how
   * many. Such a session never authenticates: this keeps the table to the live ones.
   */
  async deleteEnded(limit: number): Promise<number> {
    const [, count]: [unknown, number] = await this.db.query(
      `DELETE FROM sessions WHERE token_hash IN (
         SELECT token_hash FROM sessions WHERE expires_at <= now() OR revoked_at IS NOT NULL LIMIT $1)`,
      [limit],
    );
    return count;
  }

  async startSignIn(s: { stateHash: string; codeVerifier: string; nonce: string; expiresAt: Date }): Promise<void> {
    // Abandoned sign-ins are cleared as new ones start, so the table never grows past the ones in flight.
    await this.db.query(`DELETE FROM oidc_sign_ins WHERE expires_at < now()`);
    await this.db.query(`INSERT INTO oidc_sign_ins (state_hash, code_verifier, nonce, expires_at) VALUES ($1, $2, $3, $4)`, [
      s.stateHash,
      s.codeVerifier,
      s.nonce,
      s.expiresAt,
    ]);
  }

  /** Takes a sign-in in flight (once: a replayed callback finds nothing). */
  async takeSignIn(stateHash: string): Promise<{ codeVerifier: string; nonce: string } | undefined> {
    const [rows]: [{ codeVerifier: string; nonce: string }[], number] = await this.db.query(
      `DELETE FROM oidc_sign_ins WHERE state_hash = $1 AND expires_at > now() RETURNING code_verifier AS "codeVerifier", nonce`,
      [stateHash],
    );
    return rows[0];
  }
}
