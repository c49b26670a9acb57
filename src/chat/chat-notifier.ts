import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ActionImpactStore } from '../actions/action-impact.store.js';
import { ActionStore } from '../actions/action.store.js';
import type { QuellConfig } from '../config/config.js';
import { ACTIONS } from '../domain/actions.js';
import { slackPendingMessage } from './slack.js';

const TIMEOUT_MS = 10_000;

/**
 * Tells the chat channel that an action waits for approval: a Block Kit message with its impact and
 * Approve / Reject buttons, posted to Slack's incoming webhook. A failed post is logged (without the
 * webhook URL, which is a credential) and leaves the action pending in the action center.
 */
export class ChatNotifier {
  private readonly actions: ActionStore;
  private readonly impacts: ActionImpactStore;

  constructor(
    db: DataSource,
    private readonly config: QuellConfig,
    private readonly log: Logger,
  ) {
    this.actions = new ActionStore(db);
    this.impacts = new ActionImpactStore(db);
  }

  async pending(actionId: string): Promise<void> {
    const url = this.config.chat.slack?.webhookUrl;
    if (!url) return;
    const a = await this.actions.get(actionId);
    if (!a || a.status !== 'pending') return;
    const message = slackPendingMessage({ ...a, title: ACTIONS[a.type].title }, await this.impacts.atProposal(actionId));
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!res.ok) this.log.warn({ actionId, status: res.status }, 'slack notification refused');
    } catch (err) {
      this.log.warn({ actionId, err: (err as Error).name }, 'slack notification failed');
    }
  }
}
