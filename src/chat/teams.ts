import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { z } from 'zod';
import { type ApiLog, OAuthApi } from '../connectors/oauth-api.js';
import { approvalsLine, type PendingActionSummary } from './slack.js';

/** The issuer of the tokens the Bot Framework service (Teams) sends to a bot. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** The clock skew the Bot Framework allows. */
const CLOCK_TOLERANCE_SECONDS = 300;

export class BotTokenError extends Error {
  override name = 'BotTokenError';
}

/**
 * Validates the Bearer token on an incoming Bot Framework activity with jose: signed by a key of
 * the OpenID metadata's JWKS, issued by the Bot Framework, for this bot's app id, not expired.
 */
export class BotFrameworkTokens {
  private jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly metadataUrl: string,
    private readonly appId: string,
  ) {}

  async verify(authorization: string | undefined): Promise<JWTPayload> {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new BotTokenError('no Bearer token');
    this.jwks ??= createRemoteJWKSet(new URL(await this.jwksUri()));
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: BOT_FRAMEWORK_ISSUER,
        audience: this.appId,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
      });
      return payload;
    } catch (err) {
      throw new BotTokenError((err as Error).message);
    }
  }

  private async jwksUri(): Promise<string> {
    const res = await fetch(this.metadataUrl, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`the Bot Framework OpenID metadata answered ${res.status}`);
    const parsed = z.object({ jwks_uri: z.url() }).safeParse(await res.json());
    if (!parsed.success) throw new Error('the Bot Framework OpenID metadata has no jwks_uri');
    return parsed.data.jwks_uri;
  }
}

/** An Adaptive Card's Action.Execute as Teams delivers it: an `adaptiveCard/action` invoke activity. */
export const teamsInvokeSchema = z.object({
  type: z.literal('invoke'),
  name: z.literal('adaptiveCard/action'),
  from: z.object({ id: z.string().min(1).max(256), aadObjectId: z.string().min(1).max(64) }),
  value: z.object({
    action: z.object({
      type: z.literal('Action.Execute'),
      verb: z.enum(['approve', 'reject']),
      data: z.object({ actionId: z.string().regex(/^act-[0-9a-f]{24}$/) }),
    }),
  }),
});

/** The invoke response Teams shows as a message in place of the card's action. */
export function teamsInvokeReply(text: string) {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text };
}

/** The OAuth scope of the Bot Framework Connector service. */
export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** A pending action as an Adaptive Card whose Approve / Reject are the Action.Execute invokes `teamsInvokeSchema` accepts. */
export function teamsPendingCard(a: PendingActionSummary, undo: string | null) {
  const facts = [
    { title: 'Target', value: a.targetKey },
    { title: 'Reason', value: a.reason },
    ...(a.incidentId ? [{ title: 'Incident', value: String(a.incidentId) }] : []),
    { title: a.approvals.length ? 'Approvals' : 'Approvals needed', value: approvalsLine(a) },
    ...(a.expiresAt ? [{ title: 'Expires', value: a.expiresAt.toISOString() }] : []),
    ...(undo ? [{ title: 'Undo', value: undo }] : []),
  ];
  return card(
    [
      { type: 'TextBlock', text: `Approval needed: ${a.title}`, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'FactSet', facts },
    ],
    [
      { type: 'Action.Execute', title: 'Approve', verb: 'approve', data: { actionId: a.id }, style: 'positive' },
      { type: 'Action.Execute', title: 'Reject', verb: 'reject', data: { actionId: a.id }, style: 'destructive' },
    ],
  );
}

/** The card once decided: the decision line, no actions. */
export function teamsDecidedCard(a: { title: string; targetKey: string }, line: string) {
  return card(
    [
      { type: 'TextBlock', text: a.title, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'FactSet', facts: [{ title: 'Target', value: a.targetKey }] },
      { type: 'TextBlock', text: line, wrap: true },
    ],
    [],
  );
}

function card(body: object[], actions: object[]) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: ADAPTIVE_CARD,
        content: { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.4', body, actions },
      },
    ],
  };
}

/**
 * The Bot Framework Connector REST API for proactive messages: `POST /v3/conversations/{id}/activities`
 * answers the new activity's id, `PUT /v3/conversations/{id}/activities/{activityId}` replaces it. The
 * bot's token comes from the Bot Framework token endpoint by client credentials (openid-client,
 * through OAuthApi: cached until shortly before expiry, refreshed once on a 401), and never shows in
 * a log or an error.
 */
export class BotConnector {
  private readonly api: OAuthApi;

  constructor(
    o: { appId: string; password: () => string; serviceUrl: string; tokenUrl: string; allowInsecureHttp: boolean },
    log?: ApiLog,
  ) {
    this.api = new OAuthApi(
      {
        clientId: o.appId,
        clientSecret: o.password,
        apiUrl: o.serviceUrl,
        allowInsecureHttp: o.allowInsecureHttp,
        requestTimeoutMs: 10_000,
        maxAttempts: 2,
      },
      { name: 'Bot Framework', issuer: new URL(o.tokenUrl).origin, tokenEndpoint: o.tokenUrl, scope: BOT_FRAMEWORK_SCOPE },
      log,
    );
  }

  async send(conversationId: string, activity: object): Promise<string> {
    const answer = await this.api.call<{ id?: string }>(
      'POST',
      `/v3/conversations/${encodeURIComponent(conversationId)}/activities`,
      activity,
      {
        resend: false,
      },
    );
    if (!answer?.id) throw new Error('the Bot Framework answered the new activity without its id');
    return answer.id;
  }

  async update(conversationId: string, activityId: string, activity: object): Promise<void> {
    await this.api.call('PUT', `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`, {
      ...activity,
      id: activityId,
    });
  }

  redact(text: string): string {
    return this.api.redact(text);
  }
}
