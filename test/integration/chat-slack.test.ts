import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import { systemAudit } from '../../src/audit/audit.store.js';
import { pendingBlockUrl } from '../support/chat.js';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';

/**
 * Approve from Slack: a local fake of Slack receives the Block Kit notification on its incoming
 * webhook and the replies on `response_url`, and signs interaction callbacks the way Slack does
 * (`v0=` HMAC-SHA256 of `v0:<timestamp>:<body>` with the app's signing secret).
 */
const SECRET = `slack-signing-${randomBytes(8).toString('hex')}`;

const BOT_TOKEN = `xoxb-${randomBytes(8).toString('hex')}`;

/** A lab user a `disable_user` can act on (two approvals); its UPN. */
async function labUser(q: TestQuell): Promise<string> {
  const upn = `u-${randomBytes(3).toString('hex')}@corp.example`;
  await q.db.query(
    `INSERT INTO lab_users (upn, display_name, aad_object_id, sid, enabled, is_admin, groups, risk, compromised)
     VALUES ($1, 'User', $2, $3, true, false, '{}', 'low', false)`,
    [upn, `aad-${randomBytes(4).toString('hex')}`, `S-1-5-21-${randomBytes(4).toString('hex')}`],
  );
  return upn;
}

interface Received {
  path: string;
  body: Record<string, unknown>;
  authorization?: string;
}

/** Slack's side: the incoming webhook, `response_url`s, and the Web API's chat.postMessage and chat.update. */
class FakeSlack {
  received: Received[] = [];
  /** Messages posted with the bot token, by ts, as last edited. */
  posted = new Map<string, Record<string, unknown>>();
  private seq = 0;
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        const body = JSON.parse(data);
        this.received.push({ path: req.url ?? '', body, authorization: req.headers.authorization });
        if (!req.url?.startsWith('/api/')) {
          res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
          return;
        }
        // Slack's Web API: 200 with { ok, error } whatever the outcome; a bot token is required.
        const json = (answer: object) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
        if (req.headers.authorization !== `Bearer ${BOT_TOKEN}`) return json({ ok: false, error: 'invalid_auth' });
        if (req.url === '/api/chat.postMessage') {
          if (!/^C[A-Z0-9]+$/.test(body.channel)) return json({ ok: false, error: 'channel_not_found' });
          const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}`;
          this.posted.set(ts, body);
          return json({ ok: true, channel: body.channel, ts, message: { type: 'message', text: body.text, ts } });
        }
        if (req.url === '/api/chat.update') {
          if (!this.posted.has(body.ts)) return json({ ok: false, error: 'message_not_found' });
          this.posted.set(body.ts, body);
          return json({ ok: true, channel: body.channel, ts: body.ts, text: body.text });
        }
        json({ ok: false, error: 'unknown_method' });
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server?.close(() => r()) ?? r());
  }

  /** An interaction as Slack posts it: a form with one `payload` field, signed. */
  interaction(userId: string, actionId: string, button: 'quell_approve' | 'quell_reject', opts: { at?: number; secret?: string } = {}) {
    const payload = {
      type: 'block_actions',
      user: { id: userId, username: userId.toLowerCase(), team_id: 'T0QUELL' },
      team: { id: 'T0QUELL', domain: 'quell' },
      api_app_id: 'A0QUELL',
      trigger_id: '1.2.3',
      response_url: `${this.url}/response/${randomBytes(4).toString('hex')}`,
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0SOC' },
      actions: [{ action_id: button, block_id: `quell-${actionId}`, type: 'button', value: actionId, action_ts: '1700000001.000200' }],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const timestamp = String(opts.at ?? Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', opts.secret ?? SECRET)
      .update(`v0:${timestamp}:${body}`)
      .digest('hex')}`;
    return { body, timestamp, signature, responseUrl: payload.response_url };
  }

  replyTo(responseUrl: string): Received | undefined {
    return this.received.find((r) => `${this.url}${r.path}` === responseUrl);
  }
}

describe('approve from Slack', () => {
  const slack = new FakeSlack();
  let q: TestQuell;
  let admin: { Authorization: string };
  let reader: { Authorization: string };

  beforeAll(async () => {
    await slack.start();
    q = await startQuell({
      env: {
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_WEBHOOK_URL: `${slack.url}/webhook`,
        SLACK_ALLOW_INSECURE_HTTP: 'true',
        CHAT_USERS: JSON.stringify({
          'slack:U0APPROVER1': 'chat-approver-1',
          'slack:U0APPROVER2': 'chat-approver-2',
          'slack:U0READER': 'chat-reader',
          'slack:U0ADMIN': 'chat-admin',
        }),
      },
    });
    const keys = q.app.get(ApiKeysService);
    await keys.create('chat-approver-1', 'approver', systemAudit('test'));
    await keys.create('chat-approver-2', 'approver', systemAudit('test'));
    await keys.create('chat-reader', 'reader', systemAudit('test'));
    admin = { Authorization: `Bearer ${(await keys.create('chat-admin', 'admin', systemAudit('test'))).key}` };
    reader = await q.auth('reader');
  });
  afterAll(async () => {
    await q.close();
    await slack.stop();
  });

  const post = (i: { body: string; timestamp: string; signature: string }) =>
    q.http
      .post('/api/v1/chat/slack/interactions')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('X-Slack-Request-Timestamp', i.timestamp)
      .set('X-Slack-Signature', i.signature)
      .send(i.body);
  const action = async (id: string) => (await q.http.get(`/api/v1/actions/${id}`).set(reader).expect(200)).body;
  const request = async (type: string, target: object) =>
    (await q.http.post('/api/v1/actions').set(admin).send({ type, target, reason: 'from the chat test' }).expect(201)).body;
  const notified = (id: string) =>
    eventually(
      async () => slack.received.find((r) => r.path === '/webhook' && JSON.stringify(r.body).includes(id)),
      10_000,
      'the notification',
    );

  it('posts a Block Kit message with the impact and Approve / Reject buttons for a pending action', async () => {
    const user = `u-${randomBytes(3).toString('hex')}@corp.example`;
    const pending = await request('disable_user', { type: 'user', upn: user });
    expect(pending.status).toBe('pending');
    const message = (await notified(pending.id)).body as {
      text: string;
      blocks: { type: string; elements?: unknown[]; text?: { text: string } }[];
    };
    expect(message.text).toBe(`Approval needed: Disable user of user:upn:${user}`);
    const buttons = message.blocks.find((b) => b.type === 'actions')!.elements;
    expect(buttons).toEqual([
      expect.objectContaining({ type: 'button', action_id: 'quell_approve', value: pending.id, style: 'primary' }),
      expect.objectContaining({ type: 'button', action_id: 'quell_reject', value: pending.id, style: 'danger' }),
    ]);
    expect(JSON.stringify(message.blocks)).toContain("Undo runs 'Enable user'");
    // Only once, however often the action is looked at.
    await q.http.get(`/api/v1/actions/${pending.id}/impact`).set(reader).expect(200);
    expect(slack.received.filter((r) => r.path === '/webhook' && JSON.stringify(r.body).includes(pending.id))).toHaveLength(1);
  });

  it('refuses a bad signature, a stale timestamp and a tampered body with 401, and decides nothing', async () => {
    const user = `u-${randomBytes(3).toString('hex')}@corp.example`;
    const pending = await request('disable_user', { type: 'user', upn: user });
    const wrongSecret = slack.interaction('U0APPROVER1', pending.id, 'quell_approve', { secret: 'not-the-secret' });
    const stale = slack.interaction('U0APPROVER1', pending.id, 'quell_approve', { at: Math.floor(Date.now() / 1000) - 6 * 60 });
    const good = slack.interaction('U0APPROVER1', pending.id, 'quell_approve');
    const tampered = { ...good, body: good.body.replace('quell_approve', 'quell_reject') };
    for (const bad of [wrongSecret, stale, tampered, { ...good, signature: 'v0=00' }]) {
      const res = await post(bad).expect(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.body)).not.toContain(SECRET);
    }
    await q.http
      .post('/api/v1/chat/slack/interactions')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(good.body)
      .expect(401);
    const after = await action(pending.id);
    expect(after).toMatchObject({ status: 'pending', approvals: [] });
  });

  it('takes two approvals from two mapped approvers through the same quorum as the API', async () => {
    const pending = await request('disable_user', { type: 'user', upn: await labUser(q) });
    const first = slack.interaction('U0APPROVER1', pending.id, 'quell_approve');
    expect((await post(first).expect(200)).body.text).toContain('approval 1 of 2 recorded');
    expect(slack.replyTo(first.responseUrl)?.body).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('chat-approver-1 approved'),
    });
    expect(await action(pending.id)).toMatchObject({ status: 'pending', approvals: [expect.objectContaining({ by: 'chat-approver-1' })] });
    const second = slack.interaction('U0APPROVER2', pending.id, 'quell_approve');
    await post(second).expect(200);
    const done = await eventually(async () => {
      const a = await action(pending.id);
      return a.status === 'succeeded' ? a : undefined;
    });
    expect(done.approvals.map((x: { by: string; comment: string }) => [x.by, x.comment])).toEqual([
      ['chat-approver-1', 'from Slack (slack:U0APPROVER1)'],
      ['chat-approver-2', 'from Slack (slack:U0APPROVER2)'],
    ]);
    // A decided action stays decided: a late button press is refused, and said so.
    const late = slack.interaction('U0APPROVER1', pending.id, 'quell_reject');
    expect((await post(late).expect(200)).body.text).toMatch(/^Not decided: .*succeeded, not pending/);
  });

  it('refuses unknown users, non-approvers and self-approval in the chat reply, and rejects for a mapped approver', async () => {
    const user = `u-${randomBytes(3).toString('hex')}@corp.example`;
    const pending = await request('disable_user', { type: 'user', upn: user });
    const stranger = slack.interaction('U0STRANGER', pending.id, 'quell_approve');
    expect((await post(stranger).expect(200)).body.text).toContain('not mapped to a Quell identity');
    expect(slack.replyTo(stranger.responseUrl)?.body.text).toContain('slack:U0STRANGER');
    const readerPress = slack.interaction('U0READER', pending.id, 'quell_approve');
    expect((await post(readerPress).expect(200)).body.text).toContain('chat-reader is reader, not an approver');
    // chat-admin requested it: approving one's own request is refused, as through the API.
    const self = slack.interaction('U0ADMIN', pending.id, 'quell_approve');
    expect((await post(self).expect(200)).body.text).toMatch(/^Not decided: .*/);
    expect(await action(pending.id)).toMatchObject({ status: 'pending', approvals: [] });
    const reject = slack.interaction('U0APPROVER2', pending.id, 'quell_reject');
    expect((await post(reject).expect(200)).body.text).toContain('chat-approver-2 rejected');
    expect(await action(pending.id)).toMatchObject({ status: 'rejected', decidedBy: 'chat-approver-2' });
  });

  it('replaces the message through response_url once a decision in Slack settles the action: the decision, who, when, no buttons', async () => {
    const pending = await request('block_url', { type: 'url', url: `https://bad-${randomBytes(3).toString('hex')}.example/x` });
    expect(pending.status).toBe('pending');
    const reject = slack.interaction('U0APPROVER1', pending.id, 'quell_reject');
    await post(reject).expect(200);
    const decided = await action(pending.id);
    const replaced = await eventually(async () => slack.replyTo(reject.responseUrl), 10_000, 'the replacement');
    expect(replaced.body).toMatchObject({
      replace_original: true,
      text: `Block URL of ${pending.targetKey}: Rejected by chat-approver-1 at ${decided.decidedAt}`,
    });
    expect(JSON.stringify(replaced.body.blocks)).not.toMatch(/"type":"actions"|quell_approve|quell_reject/);
    // Settled: no second, ephemeral reply besides the replacement.
    expect(slack.received.filter((r) => `${slack.url}${r.path}` === reject.responseUrl)).toHaveLength(1);
  });

  it('answers a malformed interaction with 400 problem+json', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = new URLSearchParams({ payload: '{"type":"view_submission"}' }).toString();
    const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const res = await post({ body, timestamp, signature }).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('Slack messages posted with a bot token', () => {
  const slack = new FakeSlack();
  let q: TestQuell;
  let admin: { Authorization: string };
  let approver: { Authorization: string };
  let reader: { Authorization: string };

  beforeAll(async () => {
    await slack.start();
    q = await startQuell({
      env: {
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_CHANNEL: 'C0SOC',
        SLACK_API_URL: `${slack.url}/api`,
        SLACK_ALLOW_INSECURE_HTTP: 'true',
        CHAT_USERS: JSON.stringify({ 'slack:U0APPROVER1': 'bot-approver-1' }),
      },
    });
    const keys = q.app.get(ApiKeysService);
    await keys.create('bot-approver-1', 'approver', systemAudit('test'));
    admin = { Authorization: `Bearer ${(await keys.create('bot-admin', 'admin', systemAudit('test'))).key}` };
    [approver, reader] = await Promise.all([q.auth('approver'), q.auth('reader')]);
  });
  afterAll(async () => {
    await q.close();
    await slack.stop();
  });

  const pendingAction = () => pendingBlockUrl(q, admin);
  const postedTs = (id: string) =>
    eventually(
      async () => [...slack.posted.entries()].find(([, m]) => JSON.stringify(m).includes(id))?.[0],
      10_000,
      'the chat.postMessage',
    );

  it('posts with chat.postMessage and edits the message with chat.update when the action is decided in the API', async () => {
    const pending = await pendingAction();
    const ts = await postedTs(pending.id);
    const post = slack.received.find((r) => r.path === '/api/chat.postMessage' && JSON.stringify(r.body).includes(pending.id))!;
    expect(post.body).toMatchObject({ channel: 'C0SOC', text: `Approval needed: Block URL of ${pending.targetKey}` });
    expect(slack.received.filter((r) => r.path === '/webhook')).toHaveLength(0);

    await q.http.post(`/api/v1/actions/${pending.id}/approve`).set(approver).send({}).expect(200);
    const updated = await eventually(
      async () => slack.received.find((r) => r.path === '/api/chat.update' && r.body.ts === ts),
      10_000,
      'the chat.update',
    );
    const decided = (await q.http.get(`/api/v1/actions/${pending.id}`).set(reader).expect(200)).body;
    expect(updated.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(updated.body).toMatchObject({ channel: 'C0SOC', ts, text: expect.stringContaining('Approved by test-approver at ') });
    expect(updated.body.text).toContain(`now ${decided.status}`);
    expect(JSON.stringify(slack.posted.get(ts))).not.toMatch(/"type":"actions"|quell_approve/);
  });

  it('a partial approval edits the message to show who approved so far and keeps the buttons; the last approval settles it', async () => {
    const upn = await labUser(q);
    const pending = (
      await q.http
        .post('/api/v1/actions')
        .set(admin)
        .send({ type: 'disable_user', target: { type: 'user', upn }, reason: 'from the chat test' })
        .expect(201)
    ).body;
    expect(pending.requiredApprovals).toBe(2);
    const ts = await postedTs(pending.id);
    const blocks = () => JSON.stringify(slack.posted.get(ts)?.blocks);
    expect(blocks()).toContain('*Approvals needed* 2');

    await q.http.post(`/api/v1/actions/${pending.id}/approve`).set(approver).send({}).expect(200);
    await eventually(
      async () => (blocks().includes('*Approvals* 1 of 2 (by test-approver)') ? true : undefined),
      10_000,
      'the partial edit',
    );
    expect(blocks()).toContain('quell_approve');
    const [row] = await q.db.query(`SELECT shows FROM chat_messages WHERE action_id = $1 AND platform = 'slack'`, [pending.id]);
    expect(row.shows).toBe('pending:test-approver');

    const second = {
      Authorization: `Bearer ${(await q.app.get(ApiKeysService).create('bot-approver-2', 'approver', systemAudit('test'))).key}`,
    };
    await q.http.post(`/api/v1/actions/${pending.id}/approve`).set(second).send({}).expect(200);
    await eventually(
      async () => (blocks().includes('Approved by test-approver, bot-approver-2 at ') ? true : undefined),
      10_000,
      'the settled edit',
    );
    expect(blocks()).not.toContain('quell_approve');
  });

  it('a decision in Slack edits through response_url, not a second time through chat.update', async () => {
    const pending = await pendingAction();
    const ts = await postedTs(pending.id);
    const reject = slack.interaction('U0APPROVER1', pending.id, 'quell_reject');
    await q.http
      .post('/api/v1/chat/slack/interactions')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('X-Slack-Request-Timestamp', reject.timestamp)
      .set('X-Slack-Signature', reject.signature)
      .send(reject.body)
      .expect(200);
    const replaced = await eventually(async () => slack.replyTo(reject.responseUrl), 10_000, 'the replacement');
    expect(replaced.body).toMatchObject({ replace_original: true, text: expect.stringContaining('Rejected by bot-approver-1 at ') });
    // The stored message shows the rejection now: a later look finds nothing left to edit.
    await eventually(async () => {
      const [row] = await q.db.query(`SELECT shows FROM chat_messages WHERE action_id = $1 AND platform = 'slack'`, [pending.id]);
      return row?.shows === 'rejected' ? true : undefined;
    });
    expect(slack.received.filter((r) => r.path === '/api/chat.update' && r.body.ts === ts)).toHaveLength(0);
  });
});
