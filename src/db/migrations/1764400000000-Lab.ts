import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `lab` connector's simulated estate, its effect ledger, and the threat-intelligence indicators
 * that the enrichment catalog reads. Columns other tests fill by hand have defaults.
 */
export class Lab1764400000000 implements MigrationInterface {
  name = 'Lab1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE lab_devices (
        device_id text PRIMARY KEY,
        hostname text NOT NULL UNIQUE CHECK (hostname = lower(hostname)),
        os text,
        device_group text NOT NULL DEFAULT 'Default',
        risk text NOT NULL DEFAULT 'low',
        isolated boolean NOT NULL DEFAULT false,
        app_restricted boolean NOT NULL DEFAULT false,
        logged_on_users text[] NOT NULL DEFAULT '{}',
        ips text[] NOT NULL DEFAULT '{}',
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        av_scans int NOT NULL DEFAULT 0,
        packages_collected int NOT NULL DEFAULT 0
      )`);

    await q.query(`
      CREATE TABLE lab_users (
        upn text PRIMARY KEY CHECK (upn = lower(upn)),
        display_name text,
        aad_object_id text UNIQUE,
        sid text UNIQUE,
        enabled boolean NOT NULL DEFAULT true,
        is_admin boolean NOT NULL DEFAULT false,
        groups text[] NOT NULL DEFAULT '{}',
        risk text NOT NULL DEFAULT 'low',
        compromised boolean NOT NULL DEFAULT false,
        password_reset_at timestamptz,
        sessions_revoked_at timestamptz
      )`);

    await q.query(`
      CREATE TABLE lab_mailboxes (
        address text PRIMARY KEY CHECK (address = lower(address)),
        user_upn text,
        external_forwarding text,
        inbox_rules jsonb NOT NULL DEFAULT '[]'
      )`);

    // URLs are stored normalised (normaliseUrl) so that "messages carrying this URL" is an indexed lookup.
    await q.query(`
      CREATE TABLE lab_messages (
        network_message_id text PRIMARY KEY,
        internet_message_id text,
        mailbox text NOT NULL,
        sender text NOT NULL,
        subject text NOT NULL DEFAULT '',
        urls text[] NOT NULL DEFAULT '{}',
        attachment_sha256 text[] NOT NULL DEFAULT '{}',
        received_at timestamptz NOT NULL DEFAULT now(),
        deleted boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX lab_messages_sender_subject_idx ON lab_messages (sender, subject)`);
    await q.query(`CREATE INDEX lab_messages_subject_idx ON lab_messages (subject)`);
    await q.query(`CREATE INDEX lab_messages_mailbox_idx ON lab_messages (mailbox, received_at DESC)`);
    await q.query(`CREATE INDEX lab_messages_urls_idx ON lab_messages USING gin (urls)`);
    await q.query(`CREATE INDEX lab_messages_attachments_idx ON lab_messages USING gin (attachment_sha256)`);

    await q.query(`
      CREATE TABLE lab_files (
        device_id text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        path text NOT NULL,
        name text NOT NULL,
        quarantined boolean NOT NULL DEFAULT false,
        PRIMARY KEY (device_id, sha256, path)
      )`);
    await q.query(`CREATE INDEX lab_files_sha256_idx ON lab_files (sha256)`);

    await q.query(`
      CREATE TABLE lab_persistence (
        device_id text NOT NULL,
        kind text NOT NULL,
        location text NOT NULL,
        removed boolean NOT NULL DEFAULT false,
        PRIMARY KEY (device_id, kind, location)
      )`);

    await q.query(`
      CREATE TABLE lab_signins (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        upn text NOT NULL,
        at timestamptz NOT NULL,
        ip text NOT NULL,
        country text NOT NULL,
        result text NOT NULL CHECK (result IN ('success','failure'))
      )`);
    await q.query(`CREATE INDEX lab_signins_upn_at_idx ON lab_signins (upn, at DESC)`);

    await q.query(`
      CREATE TABLE lab_blocks (
        kind text NOT NULL CHECK (kind IN ('sender','url','ip')),
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, value)
      )`);

    // The connector writes its row here first: the primary key makes every (action, operation) happen once.
    await q.query(`
      CREATE TABLE lab_effects (
        action_id text NOT NULL,
        operation text NOT NULL,
        type text NOT NULL,
        target text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (action_id, operation)
      )`);
    await q.query(`CREATE INDEX lab_effects_at_idx ON lab_effects (at DESC)`);

    await q.query(`
      CREATE TABLE indicators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type text NOT NULL CHECK (type IN ('sha256','sha1','md5','url','ip','domain')),
        value text NOT NULL,
        verdict text NOT NULL CHECK (verdict IN ('malicious','suspicious','clean')),
        source text NOT NULL DEFAULT 'manual',
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (type, value)
      )`);
    await q.query(`CREATE INDEX indicators_created_idx ON indicators (created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['indicators', 'lab_effects', 'lab_blocks', 'lab_signins', 'lab_persistence', 'lab_files', 'lab_messages', 'lab_mailboxes', 'lab_users', 'lab_devices']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
