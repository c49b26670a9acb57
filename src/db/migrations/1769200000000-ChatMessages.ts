import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chat messages that ask for an action's approval (a Slack message's channel and ts, a Teams
 * activity's conversation and id), so that the message can be edited once the action is decided,
 * wherever the decision was made. `shows` is the status the message last showed.
 */
export class ChatMessages1769200000000 implements MigrationInterface {
  name = 'ChatMessages1769200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE chat_messages (
        action_id text NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
        platform text NOT NULL CHECK (platform IN ('slack', 'teams')),
        channel text NOT NULL,
        message_id text NOT NULL,
        service_url text,
        shows text NOT NULL DEFAULT 'pending',
        posted_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (action_id, platform)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE chat_messages`);
  }
}
