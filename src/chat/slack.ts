import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ActionImpact } from '../actions/action-impact.dto.js';

/** Slack refuses, and so do we, a signed request older (or newer) than five minutes: a captured one cannot be replayed later. */
export const SLACK_TIMESTAMP_WINDOW_SECONDS = 300;

export const SLACK_APPROVE = 'quell_approve';
export const SLACK_REJECT = 'quell_reject';

/**
 * Slack's request signature: `v0=` and the hex HMAC-SHA256, keyed with the app's signing secret, of
 * `v0:<X-Slack-Request-Timestamp>:<raw body>`; compared in constant time.
 */
export function slackSignatureValid(
  secret: string,
  timestamp: string | undefined,
  body: string,
  signature: string | undefined,
  nowSeconds: number,
): boolean {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > SLACK_TIMESTAMP_WINDOW_SECONDS) return false;
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The part of a `block_actions` interaction payload a decision needs. */
export const slackBlockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1).max(64), username: z.string().max(256).optional() }),
  response_url: z.url({ protocol: /^https?$/ }).optional(),
  actions: z
    .array(z.object({ action_id: z.string().max(255), value: z.string().max(2000).optional() }))
    .min(1)
    .max(25),
});
export type SlackBlockActions = z.output<typeof slackBlockActionsSchema>;

/** What a chat message says about a pending action. */
export interface PendingActionSummary {
  id: string;
  title: string;
  targetKey: string;
  reason: string;
  incidentId: number | null;
  requiredApprovals: number;
  expiresAt: Date | null;
  /** Approvals given so far, while the quorum is not complete. */
  approvals: { by: string }[];
}

/** "2", or "1 of 2 (by a)" once some have approved. */
export function approvalsLine(a: Pick<PendingActionSummary, 'requiredApprovals' | 'approvals'>): string {
  if (!a.approvals.length) return String(a.requiredApprovals);
  return `${a.approvals.length} of ${a.requiredApprovals} (by ${a.approvals.map((x) => x.by).join(', ')})`;
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A pending action as a Block Kit message: what it is, what approving it would do, and Approve / Reject buttons. */
export function slackPendingMessage(a: PendingActionSummary, impact: ActionImpact | null, consoleUrl?: string) {
  const facts = impact
    ? [
        impact.target.role && `*Target* is a ${impact.target.role}`,
        impact.target.privileged && '*Target* is an admin account',
        impact.collateral.length > 0 && `*Also contained*: ${impact.collateral.map((c) => c.what).join(', ')}`,
        `*Undo*: ${impact.reversal.how}`,
        impact.prediction &&
          `*If approved* the investigation ends ${impact.prediction.ifApproved.investigationEnds?.replace(/_/g, ' ')}; *if rejected* ${impact.prediction.ifRejected.investigationEnds?.replace(/_/g, ' ')}`,
      ].filter(Boolean)
    : [];
  return {
    text: `Approval needed: ${a.title} of ${a.targetKey}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: cut(`Approval needed: ${a.title}`, 150) } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: cut(
            [
              `*Target* ${a.targetKey}`,
              `*Reason* ${a.reason}`,
              a.incidentId ? `*Incident* ${a.incidentId}` : '',
              `*${a.approvals.length ? 'Approvals' : 'Approvals needed'}* ${approvalsLine(a)}`,
              a.expiresAt ? `*Expires* ${a.expiresAt.toISOString()}` : '',
              consoleUrl ? `<${consoleUrl}/actions|Open the action center>` : '',
            ]
              .filter(Boolean)
              .join('\n'),
            3000,
          ),
        },
      },
      ...(facts.length ? [{ type: 'section', text: { type: 'mrkdwn', text: cut(facts.join('\n'), 3000) } }] : []),
      {
        type: 'actions',
        block_id: `quell-${a.id}`,
        elements: [
          { type: 'button', action_id: SLACK_APPROVE, style: 'primary', text: { type: 'plain_text', text: 'Approve' }, value: a.id },
          { type: 'button', action_id: SLACK_REJECT, style: 'danger', text: { type: 'plain_text', text: 'Reject' }, value: a.id },
        ],
      },
    ],
  };
}

/** What a decided approval request shows: the decision, who made it and when, and no buttons. */
export interface DecidedAction {
  id: string;
  title: string;
  targetKey: string;
  status: string;
  decidedBy: string | null;
  decidedAt: Date | null;
  approvals: { by: string; at: string }[];
}

/** One line for a decided action: "Approved by a, b at <time>: now succeeded", "Rejected by …", "Expired …". */
export function decisionLine(a: DecidedAction): string {
  const at = (a.decidedAt ?? new Date()).toISOString();
  if (a.status === 'rejected') return `Rejected by ${a.decidedBy ?? 'unknown'} at ${at}`;
  if (a.status === 'expired') return `Expired at ${at} without a decision (counts as rejected)`;
  if (a.status === 'pending') return `Approved by ${a.approvals.map((x) => x.by).join(', ')}; more approvals needed`;
  const by = a.approvals.length ? a.approvals.map((x) => x.by).join(', ') : (a.decidedBy ?? 'policy');
  return `Approved by ${by} at ${at}: now ${a.status}`;
}

/** The approval request once decided: its header and target, the decision line, and no buttons. */
export function slackDecidedMessage(a: DecidedAction) {
  const line = decisionLine(a);
  return {
    text: `${a.title} of ${a.targetKey}: ${line}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: cut(a.title, 150) } },
      { type: 'section', block_id: `quell-${a.id}`, text: { type: 'mrkdwn', text: cut(`*Target* ${a.targetKey}\n*${line}*`, 3000) } },
    ],
  };
}

export class SlackApiError extends Error {
  override name = 'SlackApiError';
}

/**
 * Slack's Web API with a bot token: `chat.postMessage` (answers the message's channel id and `ts`)
 * and `chat.update` (edits a message the bot posted, by channel id and `ts`). Slack answers 200
 * with `{ ok: false, error }` for refusals; the token is never part of an error.
 */
export class SlackWebApi {
  constructor(
    private readonly o: { token: () => string; apiUrl: string },
    private readonly timeoutMs = 10_000,
  ) {}

  postMessage(channel: string, message: object): Promise<{ channel: string; ts: string }> {
    return this.call('chat.postMessage', { channel, ...message });
  }

  async update(channel: string, ts: string, message: object): Promise<void> {
    await this.call('chat.update', { channel, ts, ...message });
  }

  private async call<T>(method: string, body: object): Promise<T> {
    const res = await fetch(`${this.o.apiUrl}/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', Authorization: `Bearer ${this.o.token()}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
      redirect: 'manual',
    });
    if (!res.ok) throw new SlackApiError(`${method} answered ${res.status}`);
    const answer = (await res.json().catch(() => ({}))) as { ok?: boolean; error?: string };
    if (!answer.ok) throw new SlackApiError(`${method} refused: ${String(answer.error ?? 'no reason given').slice(0, 100)}`);
    return answer as T;
  }
}
