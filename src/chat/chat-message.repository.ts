import type { DataSource } from 'typeorm';
import type { ChatPlatform } from '../domain/chat.js';

/** A posted approval request: where it is, so that it can be edited once the action is decided. */
export interface ChatMessageRef {
  actionId: string;
  platform: ChatPlatform;
  /** Slack's channel id; Teams' conversation id. */
  channel: string;
  /** Slack's message ts; Teams' activity id. */
  messageId: string;
  serviceUrl: string | null;
  /** The action status the message last showed. */
  shows: string;
}

/** Owns `chat_messages`. */
export class ChatMessageRepository {
  constructor(private readonly db: DataSource) {}

  /** Records a posted message; one per action and platform (a second post of the same request keeps the first). */
  async record(ref: Omit<ChatMessageRef, 'shows'>): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO chat_messages (action_id, platform, channel, message_id, service_url) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (action_id, platform) DO NOTHING RETURNING action_id`,
      [ref.actionId, ref.platform, ref.channel, ref.messageId, ref.serviceUrl],
    );
    return rows.length > 0;
  }

  /** Whether a message for the action was posted on the platform. */
  async posted(actionId: string, platform: ChatPlatform): Promise<boolean> {
    const rows = await this.db.query('SELECT 1 FROM chat_messages WHERE action_id = $1 AND platform = $2', [actionId, platform]);
    return rows.length > 0;
  }

  /** The messages of an action that do not show `status` yet. */
  stale(actionId: string, status: string): Promise<ChatMessageRef[]> {
    return this.db.query(
      `SELECT action_id AS "actionId", platform, channel, message_id AS "messageId", service_url AS "serviceUrl", shows
       FROM chat_messages WHERE action_id = $1 AND shows <> $2 ORDER BY platform`,
      [actionId, status],
    );
  }

  async shows(actionId: string, platform: ChatPlatform, status: string): Promise<void> {
    await this.db.query(`UPDATE chat_messages SET shows = $3, updated_at = now() WHERE action_id = $1 AND platform = $2`, [
      actionId,
      platform,
      status,
    ]);
  }
}
