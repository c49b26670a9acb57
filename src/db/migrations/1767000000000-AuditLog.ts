import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One append-only, hash-chained audit log. Each row's hash covers its content and the previous
 * row's hash; `audit_chain_head` holds the last sequence number and hash, is locked FOR UPDATE by
 * every writer (so the chain stays linear under concurrent writers) and lets a verifier notice
 * rows cut from the end. Triggers refuse UPDATE, DELETE and TRUNCATE; `quell audit verify` catches
 * tampering by someone who gets past them.
 */
export class AuditLog1767000000000 implements MigrationInterface {
  name = 'AuditLog1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        seq bigint PRIMARY KEY,
        at timestamptz NOT NULL,
        actor_kind text NOT NULL,
        actor_id text,
        actor_name text NOT NULL,
        actor_issuer text,
        actor_email text,
        source_ip text,
        user_agent text,
        action text NOT NULL,
        target_type text,
        target_id text,
        before jsonb,
        after jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_log_action_idx ON audit_log (action, seq)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_name, seq)`);
    await q.query(`CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, seq)`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at)`);
    await q.query(`
      CREATE TABLE audit_chain_head (
        id int PRIMARY KEY CHECK (id = 1),
        seq bigint NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, repeat('0', 64))`);
    await q.query(`
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
      END $$`);
    await q.query(`CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP TABLE audit_chain_head`);
    await q.query(`DROP FUNCTION audit_log_refuse_change()`);
  }
}
