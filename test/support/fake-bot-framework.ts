import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/** The issuer of the tokens the Bot Framework service sends to a bot. */
const ISSUER = 'https://api.botframework.com';
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export interface BotActivity {
  id: string;
  conversationId: string;
  body: Record<string, unknown>;
  /** Every version the bot sent: the first POST, then each PUT. */
  versions: Record<string, unknown>[];
}

/**
 * A local Bot Framework, both directions: the OpenID metadata and JWKS with which a bot verifies
 * the tokens on incoming activities (and `signedToken` to sign them), the token endpoint that gives a
 * bot its access token by client credentials (form `grant_type=client_credentials`, `client_id`,
 * `client_secret`, `scope=https://api.botframework.com/.default`; answer `{ token_type, expires_in,
 * ext_expires_in, access_token }`), and the Connector's conversation activities: `POST
 * /v3/conversations/{id}/activities` (201, ResourceResponse `{ id }`) and `PUT
 * /v3/conversations/{id}/activities/{activityId}` (200, `{ id }`), both refusing without a live token (401).
 */
export class FakeBotFramework {
  readonly appId: string;
  readonly password = `bot-password-${randomBytes(8).toString('hex')}`;
  readonly conversationId = `19:${randomBytes(8).toString('hex')}@thread.tacv2`;
  activities = new Map<string, BotActivity>();
  tokenRequests: Record<string, string>[] = [];
  /** Tokens the endpoint issued and still honours. */
  private live = new Set<string>();
  private server?: Server;
  private signing?: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  private jwk?: object;
  url = '';

  constructor(appId: string) {
    this.appId = appId;
  }

  async start(): Promise<void> {
    const pair = await generateKeyPair('RS256');
    this.signing = pair.privateKey;
    this.jwk = { ...(await exportJWK(pair.publicKey)), kid: 'bf-1', alg: 'RS256', use: 'sig' };
    this.server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => this.handle(req.method ?? 'GET', req.url ?? '/', req.headers.authorization, data, res));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server?.close(() => r()) ?? r());
  }

  /** Every token issued so far stops being honoured: the bot's next call gets a 401. */
  revokeTokens(): void {
    this.live.clear();
  }

  /** A token as the Bot Framework service signs it on an activity it sends to the bot. */
  signedToken(): Promise<string> {
    return new SignJWT({ serviceurl: this.url })
      .setProtectedHeader({ alg: 'RS256', kid: 'bf-1' })
      .setIssuer(ISSUER)
      .setAudience(this.appId)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(this.signing!);
  }

  private handle(method: string, url: string, authorization: string | undefined, data: string, res: import('node:http').ServerResponse) {
    const json = (status: number, body: object) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (url === '/v1/.well-known/openidconfiguration')
      return json(200, { issuer: ISSUER, jwks_uri: `${this.url}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    if (url === '/v1/.well-known/keys') return json(200, { keys: [this.jwk] });
    if (url === '/botframework.com/oauth2/v2.0/token' && method === 'POST') {
      const form = Object.fromEntries(new URLSearchParams(data));
      this.tokenRequests.push(form);
      if (form.grant_type !== 'client_credentials' || form.scope !== 'https://api.botframework.com/.default')
        return json(400, { error: 'invalid_request', error_description: 'AADSTS900144: bad grant or scope' });
      if (form.client_id !== this.appId || form.client_secret !== this.password)
        return json(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
      const token = `bf-${randomBytes(12).toString('hex')}`;
      this.live.add(token);
      return json(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
    }
    const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url);
    if (!m) return json(404, { error: { code: 'NotFound', message: url } });
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!token || !this.live.has(token)) return json(401, { message: 'Authorization has been denied for this request.' });
    const conversationId = decodeURIComponent(m[1]);
    const body = JSON.parse(data) as Record<string, unknown>;
    if (conversationId !== this.conversationId)
      return json(404, { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } });
    const attachments = body.attachments as { contentType?: string }[] | undefined;
    if (body.type !== 'message' || !attachments?.every((a) => a.contentType === ADAPTIVE_CARD))
      return json(400, { error: { code: 'BadSyntax', message: 'expected a message with Adaptive Card attachments' } });
    if (method === 'POST' && !m[2]) {
      const id = `1:${randomBytes(8).toString('hex')}`;
      this.activities.set(id, { id, conversationId, body, versions: [body] });
      return json(201, { id });
    }
    if (method === 'PUT' && m[2]) {
      const activity = this.activities.get(decodeURIComponent(m[2]));
      if (!activity) return json(404, { error: { code: 'ActivityNotFound', message: 'Activity not found.' } });
      activity.body = body;
      activity.versions.push(body);
      return json(200, { id: activity.id });
    }
    json(405, { error: { code: 'MethodNotAllowed', message: method } });
  }
}

/** The Adaptive Card of an activity the bot sent. */
export function cardOf(body: Record<string, unknown>): {
  body: unknown[];
  actions: { type: string; verb?: string; data?: { actionId?: string } }[];
} {
  return (body.attachments as { content: never }[])[0].content;
}
