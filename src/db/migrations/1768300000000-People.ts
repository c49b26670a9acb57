import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People behind the keys: a person is who the OpenID provider says (`iss` + `sub`), created on first
 * sign-in. Console sessions are opaque tokens stored hashed with an expiry; a sign-in in progress
 * keeps its PKCE verifier and nonce server-side, found by the hash of its `state`. API keys may be
 * owned by a person, and actions remember who requested them by that stable identity (`subject`).
 */
export class People1768300000000 implements MigrationInterface {
  name = 'People1768300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE persons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        issuer text NOT NULL,
        subject text NOT NULL,
        name text NOT NULL,
        email text,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (issuer, subject)
      )`);
    await q.query(`
      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        person_id uuid NOT NULL REFERENCES persons (id),
        role text NOT NULL CHECK (role IN ('ingest','reader','analyst','approver','admin')),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX sessions_person_idx ON sessions (person_id)`);
    await q.query(`
      CREATE TABLE oidc_sign_ins (
        state_hash text PRIMARY KEY,
        code_verifier text NOT NULL,
        nonce text NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`ALTER TABLE api_keys ADD COLUMN owner_person_id uuid REFERENCES persons (id)`);
    await q.query(`ALTER TABLE actions ADD COLUMN requested_by_subject text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE actions DROP COLUMN requested_by_subject`);
    await q.query(`ALTER TABLE api_keys DROP COLUMN owner_person_id`);
    await q.query(`DROP TABLE oidc_sign_ins`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE persons`);
  }
}
