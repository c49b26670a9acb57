import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ActionsService } from '../actions/actions.service.js';
import { ApiKeyRepository } from '../auth/api-key.repository.js';
import { ScopeRepository } from '../auth/scope.repository.js';
import { AccessService } from '../auth/access.service.js';
import { keySubject, personSubject, type Principal, principalSatisfies, scopeFor } from '../auth/roles.js';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import type { Decision } from '../domain/actions.js';
import { Problem } from '../http/problem.js';
import { LOGGER } from '../infra/logger.provider.js';
import type { ChatOrigin } from './chat-notifier.js';
import { BotFrameworkTokens, BotTokenError, teamsInvokeReply, teamsInvokeSchema } from './teams.js';
import { SLACK_APPROVE, SLACK_REJECT, slackBlockActionsSchema, slackSignatureValid } from './slack.js';

const ACTION_ID = /^act-[0-9a-f]{24}$/;
const REPLY_TIMEOUT_MS = 10_000;

/**
 * Decisions from chat buttons. The callback is verified (Slack's signing secret and timestamp
 * window), the chat user is mapped to a Quell API key by configuration, and the decision goes
 * through ActionsService.decide — the path of POST /actions/:id/approve, with its quorum,
 * self-approval and expiry rules. Unknown users are refused, and told so in the chat.
 */
@Injectable()
export class ChatService {
  private tokens?: BotFrameworkTokens;

  constructor(
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
    private readonly actions: ActionsService,
    private readonly keys: ApiKeyRepository,
    private readonly access: AccessService,
    private readonly scopes: ScopeRepository,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async slackInteraction(body: unknown, headers: { timestamp?: string; signature?: string }, ip: string | null): Promise<{ text: string }> {
    const slack = this.config.chat.slack;
    if (!slack) throw new Problem(404, 'not-found', 'Slack is not configured on this Quell.');
    const raw = typeof body === 'string' ? body : '';
    if (!slackSignatureValid(slack.signingSecret(), headers.timestamp, raw, headers.signature, Math.floor(Date.now() / 1000)))
      throw new Problem(401, 'unauthenticated', 'The Slack signature is missing, invalid or outside the five-minute window.');
    let payload: unknown;
    try {
      payload = JSON.parse(new URLSearchParams(raw).get('payload') ?? '');
    } catch {
      throw Problem.validation([{ path: 'payload', message: 'is not JSON' }]);
    }
    const parsed = slackBlockActionsSchema.safeParse(payload);
    if (!parsed.success) throw Problem.validation([{ path: 'payload', message: 'is not a block_actions interaction' }]);
    const { user, actions, response_url: responseUrl } = parsed.data;
    const button = actions.find((x) => x.action_id === SLACK_APPROVE || x.action_id === SLACK_REJECT);
    if (!button || !ACTION_ID.test(button.value ?? ''))
      throw Problem.validation([{ path: 'payload.actions', message: 'has no Quell approve or reject button' }]);
    const decision: Decision = button.action_id === SLACK_APPROVE ? 'approve' : 'reject';
    const { text, settled } = await this.decide(`slack:${user.id}`, button.value!, decision, ip, 'Slack', {
      slackResponseUrl: responseUrl,
    });
    // A settled decision replaces the message itself (through response_url); anything else is told to the presser alone.
    if (responseUrl && !settled) await this.reply(responseUrl, text);
    return { text };
  }

  async teamsActivity(body: unknown, authorization: string | undefined, ip: string | null) {
    const teams = this.config.chat.teams;
    if (!teams) throw new Problem(404, 'not-found', 'Teams is not configured on this Quell.');
    this.tokens ??= new BotFrameworkTokens(teams.openIdMetadataUrl, teams.appId);
    try {
      await this.tokens.verify(authorization);
    } catch (err) {
      if (!(err instanceof BotTokenError)) throw err;
      this.log.info({ reason: err.message }, 'teams activity refused: token');
      throw new Problem(401, 'unauthenticated', 'The Bot Framework token is missing or invalid.');
    }
    const parsed = teamsInvokeSchema.safeParse(body);
    if (!parsed.success)
      throw Problem.validation([{ path: 'value.action', message: 'is not a Quell Action.Execute from an Adaptive Card' }]);
    const { from, value } = parsed.data;
    const { text } = await this.decide(
      `teams:${from.aadObjectId.toLowerCase()}`,
      value.action.data.actionId,
      value.action.verb,
      ip,
      'Teams',
    );
    return teamsInvokeReply(text);
  }

  /** The decision as the mapped identity, or why there is none: the text the chat shows. */
  private async decide(
    chatUser: string,
    actionId: string,
    decision: Decision,
    ip: string | null,
    via: 'Slack' | 'Teams',
    origin?: ChatOrigin,
  ): Promise<{ text: string; settled: boolean }> {
    const refused = (text: string) => ({ text, settled: false });
    const name = this.config.chat.users[chatUser];
    const key = name ? await this.keys.findActiveByName(name) : undefined;
    if (!key) {
      this.log.info({ chatUser, actionId }, 'chat decision refused: unknown user');
      return refused(
        `You (${chatUser}) are not mapped to a Quell identity, so nothing was decided. Ask an admin to add you to CHAT_USERS.`,
      );
    }
    // The same identity the key has on the API: its owner's subject, and that subject's scoped roles.
    const subject = key.ownerPersonId ? personSubject(key.ownerPersonId) : keySubject(key.id);
    const { active, grants } = await this.access.of(subject);
    if (!active) return refused(`Your Quell identity ${key.name} belongs to a person who was deactivated: nothing was decided.`);
    const holder: Principal = { keyId: key.id, name: key.name, role: key.role, subject, grants };
    if (!principalSatisfies(holder, 'approver'))
      return refused(`Your Quell identity ${key.name} is ${key.role}, not an approver: nothing was decided.`);
    const who: Principal = { ...holder, scope: scopeFor(holder, 'approver'), source: { ip, userAgent: via.toLowerCase() } };
    try {
      await this.scopes.action(actionId, who.scope);
      const r = await this.actions.decide(actionId, decision, who, `from ${via} (${chatUser})`, origin);
      const outcome =
        r.decision.status === 'pending'
          ? `approval ${r.decision.approvals} of ${r.decision.requiredApprovals} recorded`
          : `now ${r.decision.status}`;
      return {
        text: `${key.name} ${decision === 'approve' ? 'approved' : 'rejected'} ${r.title} of ${r.targetKey}: ${outcome}.`,
        settled: r.decision.status !== 'pending',
      };
    } catch (err) {
      if (!(err instanceof Problem)) throw err;
      const detail = (err.getResponse() as { detail?: string }).detail ?? err.message;
      return refused(`Not decided: ${detail}`);
    }
  }

  private async reply(url: string, text: string): Promise<void> {
    try {
      await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
        signal: AbortSignal.timeout(REPLY_TIMEOUT_MS),
      });
    } catch (err) {
      this.log.warn({ err: (err as Error).name }, 'slack reply failed');
    }
  }
}
