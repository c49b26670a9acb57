import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { ActionImpact } from '../actions/action-impact.dto.js';
import { ActionImpactStore } from '../actions/action-impact.store.js';
import { type ActionRow, ActionStore } from '../actions/action.store.js';
import type { QuellConfig } from '../config/config.js';
import { ACTIONS } from '../domain/actions.js';
import type { ChatPlatform } from '../domain/chat.js';
import { ChatMessageRepository } from './chat-message.repository.js';
import { decisionLine, slackDecidedMessage, slackPendingMessage, SlackWebApi } from './slack.js';
import { BotConnector, teamsDecidedCard, teamsPendingCard } from './teams.js';

const TIMEOUT_MS = 10_000;

/** What a message of the action should show: its status, and while pending, who has approved so far. */
const shows = (a: ActionRow): string =>
  a.status === 'pending' && a.approvals.length ? `pending:${a.approvals.map((x) => x.by).join(',')}` : a.status;

/** Where a decision came from, when it came from a chat message: its reply channel. */
export interface ChatOrigin {
  /** Slack's `response_url` of the interaction: it edits the message the button was pressed on. */
  slackResponseUrl?: string;
}

/**
 * Tells the chat channels that an action waits for approval, and edits those messages once it is
 * decided, wherever the decision was made. Slack: a Block Kit message with Approve / Reject, posted
 * with the bot token (`chat.postMessage`, its channel and ts kept) or to an incoming webhook (which
 * cannot be edited later: only a decision made in Slack, through its `response_url`, updates it).
 * Teams: an Adaptive Card posted to the configured conversation through the Bot Framework
 * Connector, replaced (PUT) after the decision. A failed post is logged (never with a credential) and
 * leaves the action pending in the action center.
 */
export class ChatNotifier {
  private readonly actions: ActionStore;
  private readonly impacts: ActionImpactStore;
  private readonly messages: ChatMessageRepository;
  private readonly slackApi?: SlackWebApi;
  private readonly bot?: BotConnector;

  constructor(
    db: DataSource,
    private readonly config: QuellConfig,
    private readonly log: Logger,
  ) {
    this.actions = new ActionStore(db);
    this.impacts = new ActionImpactStore(db);
    this.messages = new ChatMessageRepository(db);
    const { slack, teams } = config.chat;
    if (slack?.bot) this.slackApi = new SlackWebApi(slack.bot, TIMEOUT_MS);
    if (teams?.proactive) this.bot = new BotConnector({ appId: teams.appId, ...teams.proactive }, log.child({ chat: 'teams' }));
  }

  /** Whether any chat channel is configured: without one there is nothing to post or edit. */
  private get chatting(): boolean {
    const { slack } = this.config.chat;
    return Boolean(slack?.bot || slack?.webhookUrl || this.bot);
  }

  async pending(actionId: string): Promise<void> {
    if (!this.chatting) return;
    const a = await this.actions.get(actionId);
    if (!a || a.status !== 'pending') return;
    const impact = await this.impacts.atProposal(actionId);
    await Promise.all([this.postSlack(a, impact), this.postTeams(a, impact)]);
  }

  /**
   * After a decision: every message of the action that does not show its state yet is edited. A
   * settled action's shows the decision, who made it and when, without buttons (a decision made in
   * Slack edits its message through the interaction's `response_url`). A pending one's shows the
   * approvals so far, or none again after a withdrawal, and keeps its buttons. Edits of one action
   * can pass each other on their way to the chat: whoever finishes looks again, and edits once more
   * when the action moved on meanwhile, so the last edit shows the last state.
   */
  async decided(actionId: string, origin: ChatOrigin = {}): Promise<void> {
    if (!this.chatting && !origin.slackResponseUrl) return;
    for (let round = 0; round < 3; round++) {
      const shown = await this.show(actionId, round === 0 ? origin : {});
      if (shown === undefined) return;
      const now = await this.actions.get(actionId);
      if (!now || shows(now) === shown) return;
    }
  }

  /** One round of `decided`: the state the messages were edited to show, or undefined when there are none to edit. */
  private async show(actionId: string, origin: ChatOrigin): Promise<string | undefined> {
    const a = await this.actions.get(actionId);
    if (!a) return undefined;
    const state = shows(a);
    const settled = a.status !== 'pending';
    const refs = await this.messages.stale(actionId, state);
    if (!settled && !refs.length) return undefined;
    const view = { ...a, title: ACTIONS[a.type].title };
    const impact = settled ? null : await this.impacts.atProposal(actionId);
    const slackMessage = settled ? slackDecidedMessage(view) : slackPendingMessage(view, impact);
    // Only a settled decision made in Slack replaces its message through response_url; the presser of a partial one is told privately.
    const viaResponseUrl = settled ? origin.slackResponseUrl : undefined;
    if (viaResponseUrl)
      await this.attempt(actionId, 'slack', async () => {
        const res = await fetch(viaResponseUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ replace_original: true, ...slackMessage }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        if (!res.ok) throw new Error(`response_url answered ${res.status}`);
      });
    else if (settled && this.config.chat.slack?.webhookUrl && !this.slackApi)
      this.log.info(
        { actionId, status: a.status },
        'slack message not updated: an incoming webhook cannot edit its messages (set SLACK_BOT_TOKEN and SLACK_CHANNEL)',
      );
    for (const ref of refs) {
      const done = await this.attempt(actionId, ref.platform, async () => {
        if (ref.platform === 'slack') {
          if (viaResponseUrl) return;
          if (!this.slackApi) throw new Error('no Slack bot token is configured any more');
          await this.slackApi.update(ref.channel, ref.messageId, slackMessage);
        } else {
          if (!this.bot) throw new Error('Teams proactive cards are not configured any more');
          const card = settled ? teamsDecidedCard(view, decisionLine(view)) : teamsPendingCard(view, impact?.reversal.how ?? null);
          await this.bot.update(ref.channel, ref.messageId, card);
        }
      });
      if (done) await this.messages.shows(actionId, ref.platform, state);
    }
    return state;
  }

  private async postSlack(a: ActionRow, impact: ActionImpact | null): Promise<void> {
    const slack = this.config.chat.slack;
    if (!slack) return;
    const message = slackPendingMessage({ ...a, title: ACTIONS[a.type].title }, impact);
    if (this.slackApi && slack.bot) {
      if (await this.messages.posted(a.id, 'slack')) return;
      await this.attempt(a.id, 'slack', async () => {
        const posted = await this.slackApi!.postMessage(slack.bot!.channel, message);
        await this.messages.record({ actionId: a.id, platform: 'slack', channel: posted.channel, messageId: posted.ts, serviceUrl: null });
      });
      return;
    }
    if (!slack.webhookUrl) return;
    await this.attempt(a.id, 'slack', async () => {
      const res = await fetch(slack.webhookUrl!, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`the incoming webhook answered ${res.status}`);
    });
  }

  private async postTeams(a: ActionRow, impact: ActionImpact | null): Promise<void> {
    const proactive = this.config.chat.teams?.proactive;
    if (!this.bot || !proactive || (await this.messages.posted(a.id, 'teams'))) return;
    const card = teamsPendingCard({ ...a, title: ACTIONS[a.type].title }, impact?.reversal.how ?? null);
    await this.attempt(a.id, 'teams', async () => {
      const id = await this.bot!.send(proactive.conversationId, card);
      await this.messages.record({
        actionId: a.id,
        platform: 'teams',
        channel: proactive.conversationId,
        messageId: id,
        serviceUrl: proactive.serviceUrl,
      });
    });
  }

  /** One chat call; a failure is logged (its message is free of credentials) and reported as false. */
  private async attempt(actionId: string, platform: ChatPlatform, call: () => Promise<void>): Promise<boolean> {
    try {
      await call();
      return true;
    } catch (err) {
      const e = err as Error;
      const slackToken = this.config.chat.slack?.bot?.token();
      let detail = this.bot ? this.bot.redact(e.message) : e.message;
      if (slackToken) detail = detail.split(slackToken).join('[redacted]');
      this.log.warn({ actionId, platform, err: e.name, detail: e.name === 'TimeoutError' ? 'timed out' : detail }, 'chat message failed');
      return false;
    }
  }
}
