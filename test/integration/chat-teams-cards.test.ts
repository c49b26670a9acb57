import { randomBytes, randomUUID } from 'node:crypto';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import { systemAudit } from '../../src/audit/audit.store.js';
import { cardOf, FakeBotFramework } from '../support/fake-bot-framework.js';
import { pendingBlockUrl } from '../support/chat.js';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';

/**
 * Proactive Teams cards: a pending action is posted to the configured conversation through the
 * Bot Framework Connector (with the bot's token from the token endpoint), its Approve goes through
 * the verified invoke path, and the card is replaced once the action is decided.
 */
describe('Teams proactive approval cards', () => {
  const bf = new FakeBotFramework(randomUUID());
  const approverAad = randomUUID();
  let q: TestQuell;
  let admin: { Authorization: string };
  let approver: { Authorization: string };
  let reader: { Authorization: string };

  beforeAll(async () => {
    await bf.start();
    q = await startQuell({
      env: {
        TEAMS_APP_ID: bf.appId,
        TEAMS_OPENID_METADATA_URL: `${bf.url}/v1/.well-known/openidconfiguration`,
        TEAMS_ALLOW_INSECURE_HTTP: 'true',
        TEAMS_APP_PASSWORD: bf.password,
        TEAMS_SERVICE_URL: `${bf.url}/`,
        TEAMS_CONVERSATION_ID: bf.conversationId,
        TEAMS_TOKEN_URL: `${bf.url}/botframework.com/oauth2/v2.0/token`,
        CHAT_USERS: JSON.stringify({ [`teams:${approverAad}`]: 'cards-approver' }),
      },
    });
    const keys = q.app.get(ApiKeysService);
    await keys.create('cards-approver', 'approver', systemAudit('test'));
    admin = { Authorization: `Bearer ${(await keys.create('cards-admin', 'admin', systemAudit('test'))).key}` };
    [approver, reader] = await Promise.all([q.auth('approver'), q.auth('reader')]);
  });
  afterAll(async () => {
    await q.close();
    await bf.stop();
  });

  const pendingAction = () => pendingBlockUrl(q, admin);
  const cardFor = (actionId: string) =>
    eventually(async () => [...bf.activities.values()].find((a) => JSON.stringify(a.versions[0]).includes(actionId)), 30_000, 'the card');
  const action = async (id: string) => (await q.http.get(`/api/v1/actions/${id}`).set(reader).expect(200)).body;

  it('posts one card per pending action, whose Approve goes through the verified invoke and the API decision path, then replaces it', async () => {
    const pending = await pendingAction();
    expect(pending.status).toBe('pending');
    const activity = await cardFor(pending.id);
    const card = cardOf(activity.versions[0]);
    expect(card.actions).toEqual([
      expect.objectContaining({ type: 'Action.Execute', verb: 'approve', data: { actionId: pending.id } }),
      expect.objectContaining({ type: 'Action.Execute', verb: 'reject', data: { actionId: pending.id } }),
    ]);
    expect(JSON.stringify(card.body)).toContain(pending.targetKey);
    // One card, however often the action is looked at.
    await q.http.get(`/api/v1/actions/${pending.id}/impact`).set(reader).expect(200);
    expect([...bf.activities.values()].filter((a) => JSON.stringify(a.versions[0]).includes(pending.id))).toHaveLength(1);
    expect(bf.tokenRequests[0]).toMatchObject({
      grant_type: 'client_credentials',
      client_id: bf.appId,
      scope: 'https://api.botframework.com/.default',
    });

    // Teams sends the card's Approve back as an adaptiveCard/action invoke, signed by the Bot Framework.
    const invoke = {
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: randomBytes(4).toString('hex'),
      channelId: 'msteams',
      serviceUrl: bf.url,
      from: { id: `29:${randomBytes(6).toString('hex')}`, aadObjectId: approverAad },
      conversation: { id: bf.conversationId },
      replyToId: activity.id,
      recipient: { id: `28:${bf.appId}` },
      value: { action: card.actions[0] },
    };
    const unsigned = await q.http.post('/api/v1/chat/teams/messages').send(invoke).expect(401);
    expect(unsigned.headers['content-type']).toContain('application/problem+json');
    const reply = await q.http
      .post('/api/v1/chat/teams/messages')
      .set('Authorization', `Bearer ${await bf.signedToken()}`)
      .send(invoke)
      .expect(200);
    expect(reply.body.value).toContain('cards-approver approved');
    const decided = await action(pending.id);
    expect(decided.approvals).toEqual([expect.objectContaining({ by: 'cards-approver', comment: `from Teams (teams:${approverAad})` })]);

    const replaced = await eventually(async () => (activity.versions.length > 1 ? activity.versions.at(-1) : undefined), 30_000, 'the PUT');
    const after = cardOf(replaced!);
    expect(after.actions).toEqual([]);
    expect(JSON.stringify(after.body)).toContain('Approved by cards-approver at ');
    expect(JSON.stringify(after.body)).toMatch(/now (approved|running|succeeded)/);
  });

  it('shows a partial approval on the card, the buttons kept', async () => {
    const pending = (
      await q.http
        .post('/api/v1/actions')
        .set(admin)
        .send({
          type: 'disable_user',
          target: { type: 'user', upn: `u-${randomBytes(3).toString('hex')}@corp.example` },
          reason: 'takeover',
        })
        .expect(201)
    ).body;
    expect(pending.requiredApprovals).toBe(2);
    const activity = await cardFor(pending.id);
    expect(JSON.stringify(cardOf(activity.versions[0]).body)).toContain('Approvals needed');
    await q.http.post(`/api/v1/actions/${pending.id}/approve`).set(approver).send({}).expect(200);
    const replaced = await eventually(async () => (activity.versions.length > 1 ? activity.versions.at(-1) : undefined), 30_000, 'the PUT');
    const card = cardOf(replaced!);
    expect(card.body).toContainEqual(
      expect.objectContaining({
        type: 'FactSet',
        facts: expect.arrayContaining([{ title: 'Approvals', value: '1 of 2 (by test-approver)' }]),
      }),
    );
    expect(card.actions.map((a) => a.verb)).toEqual(['approve', 'reject']);
  });

  it('replaces the card after a decision made in the API, fetching a fresh token once when the old one is refused', async () => {
    const pending = await pendingAction();
    const activity = await cardFor(pending.id);
    const before = bf.tokenRequests.length;
    bf.revokeTokens();
    await q.http.post(`/api/v1/actions/${pending.id}/reject`).set(approver).send({ comment: 'not phish' }).expect(200);
    const replaced = await eventually(async () => (activity.versions.length > 1 ? activity.versions.at(-1) : undefined), 30_000, 'the PUT');
    expect(JSON.stringify(cardOf(replaced!).body)).toContain('Rejected by test-approver at ');
    expect(cardOf(replaced!).actions).toEqual([]);
    expect(bf.tokenRequests.length).toBe(before + 1);
    // The card is replaced first and the row records it after, so the row is waited for.
    const row = await eventually(
      async () => {
        const [r] = await q.db.query(
          `SELECT shows, message_id AS "messageId" FROM chat_messages WHERE action_id = $1 AND platform = 'teams'`,
          [pending.id],
        );
        return r?.shows === 'pending' ? undefined : r;
      },
      30_000,
      'the recorded edit',
    );
    expect(row).toEqual({ shows: 'rejected', messageId: activity.id });
  });

  it('caches the bot token: two cards, one token request', async () => {
    const before = bf.tokenRequests.length;
    const [a, b] = [await pendingAction(), await pendingAction()];
    await Promise.all([cardFor(a.id), cardFor(b.id)]);
    expect(bf.tokenRequests.length - before).toBeLessThanOrEqual(1);
  });
});
