import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import { systemAudit } from '../../src/audit/audit.store.js';
import { pendingBlockUrl } from '../support/chat.js';
import { startQuell, type TestQuell } from '../support/harness.js';

/**
 * Approve from Teams: a local fake of the Bot Framework's OpenID metadata serves its own JWKS and
 * signs the tokens on Action.Execute invokes, as the Bot Framework service does for a bot.
 */
const APP_ID = randomUUID();
const ISSUER = 'https://api.botframework.com';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

describe('approve from Teams', () => {
  let q: TestQuell;
  let server: Server;
  let signing: Key;
  let stranger: Key;
  const approverAad = randomUUID();
  let admin: { Authorization: string };
  let reader: { Authorization: string };

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    signing = pair.privateKey;
    stranger = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'bf-1', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const body =
        req.url === '/v1/.well-known/openidconfiguration'
          ? { issuer: ISSUER, jwks_uri: `${base}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] }
          : { keys: [jwk] };
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    q = await startQuell({
      env: {
        TEAMS_APP_ID: APP_ID,
        TEAMS_OPENID_METADATA_URL: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`,
        TEAMS_ALLOW_INSECURE_HTTP: 'true',
        CHAT_USERS: JSON.stringify({ [`teams:${approverAad}`]: 'teams-approver' }),
      },
    });
    const keys = q.app.get(ApiKeysService);
    await keys.create('teams-approver', 'approver', systemAudit('test'));
    admin = { Authorization: `Bearer ${(await keys.create('teams-admin', 'admin', systemAudit('test'))).key}` };
    reader = await q.auth('reader');
  });
  afterAll(async () => {
    await q.close();
    await new Promise((r) => server.close(r));
  });

  const token = (opts: { key?: Key; aud?: string; iss?: string; exp?: string | number } = {}) =>
    new SignJWT({ serviceurl: 'https://smba.trafficmanager.net/teams/' })
      .setProtectedHeader({ alg: 'RS256', kid: 'bf-1' })
      .setIssuer(opts.iss ?? ISSUER)
      .setAudience(opts.aud ?? APP_ID)
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '5m')
      .sign(opts.key ?? signing);
  const invoke = (aad: string, actionId: string, verb: 'approve' | 'reject') => ({
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: randomBytes(4).toString('hex'),
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/teams/',
    from: { id: `29:${randomBytes(6).toString('hex')}`, aadObjectId: aad },
    conversation: { id: `a:${randomBytes(6).toString('hex')}` },
    recipient: { id: `28:${APP_ID}` },
    value: { action: { type: 'Action.Execute', verb, data: { actionId } } },
  });
  const send = (body: object, bearer?: string) =>
    q.http
      .post('/api/v1/chat/teams/messages')
      .set(bearer === undefined ? {} : { Authorization: `Bearer ${bearer}` })
      .send(body);
  const pendingAction = () => pendingBlockUrl(q, admin);

  it('validates the Bot Framework token (signature, issuer, audience, expiry) and decides nothing without it', async () => {
    const a = await pendingAction();
    expect(a.status).toBe('pending');
    const body = invoke(approverAad, a.id, 'approve');
    const bad = [
      undefined,
      await token({ key: stranger }),
      await token({ aud: randomUUID() }),
      await token({ iss: 'https://login.example.com' }),
      await token({ exp: Math.floor(Date.now() / 1000) - 3600 }),
    ];
    for (const t of bad) {
      const res = await send(body, t);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await q.http.get(`/api/v1/actions/${a.id}`).set(reader).expect(200)).body).toMatchObject({ status: 'pending', approvals: [] });
  });

  it('decides as the mapped identity through the API decision path, and tells an unknown user', async () => {
    const a = await pendingAction();
    const unknown = await send(invoke(randomUUID(), a.id, 'approve'), await token()).expect(200);
    expect(unknown.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: expect.stringContaining('not mapped'),
    });
    const ok = await send(invoke(approverAad, a.id, 'reject'), await token()).expect(200);
    expect(ok.body.value).toContain('teams-approver rejected');
    const after = (await q.http.get(`/api/v1/actions/${a.id}`).set(reader).expect(200)).body;
    expect(after).toMatchObject({ status: 'rejected', decidedBy: 'teams-approver' });
    // Already decided: refused by the same rules as the API.
    const late = await send(invoke(approverAad, a.id, 'approve'), await token()).expect(200);
    expect(late.body.value).toMatch(/^Not decided: .*rejected, not pending/);
    await send({ type: 'message', text: 'hi' }, await token()).expect(400);
  });
});
