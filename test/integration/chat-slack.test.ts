import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import { systemAudit } from '../../src/audit/audit.store.js';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';

/**
 * Approve from Slack: a local fake of Slack receives the Block Kit notification on its incoming
 * webhook and the replies on `response_url`, and signs interaction callbacks the way Slack does
 * (`v0=` HMAC-SHA256 of `v0:<timestamp>:<body>` with the app's signing secret).
 */
const SECRET = `slack-signing-${randomBytes(8).toString('hex')}`;

interface Received {
  path: string;
  body: Record<string, unknown>;
}

class FakeSlack {
  received: Received[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        this.received.push({ path: req.url ?? '', body: JSON.parse(data) });
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
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
    const user = `u-${randomBytes(3).toString('hex')}@corp.example`;
    await q.db.query(
      `INSERT INTO lab_users (upn, display_name, aad_object_id, sid, enabled, is_admin, groups, risk, compromised)
       VALUES ($1, 'User', $2, $3, true, false, '{}', 'low', false)`,
      [user, `aad-${randomBytes(4).toString('hex')}`, `S-1-5-21-${randomBytes(4).toString('hex')}`],
    );
    const pending = await request('disable_user', { type: 'user', upn: user });
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

  it('answers a malformed interaction with 400 problem+json', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = new URLSearchParams({ payload: '{"type":"view_submission"}' }).toString();
    const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const res = await post({ body, timestamp, signature }).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
