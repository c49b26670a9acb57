import { randomBytes } from 'node:crypto';
import { FakeExchange } from '../support/fake-exchange.js';
import { eventually, startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { alertWorkflowId } from '../../workflows/ids.js';

const SECRET = 'exchange-client-secret-do-not-leak';
const PHISHER = 'it-support@contoso-helpdesk.com';
const SUBJECT = 'Action required: your mailbox password expires today';
const MAILBOXES = ['megan@contoso.com', 'lynne@contoso.com', 'johanna@contoso.com'];

describe('exchange connector inside Quell: a phishing investigation finds the copies, the approved soft-delete moves them once, undo restores', () => {
  let fake: FakeExchange;
  let q: TestQuell;
  beforeAll(async () => {
    fake = await FakeExchange.start({ tenantId: 'contoso.onmicrosoft.com', clientId: 'quell-exchange-app', clientSecret: SECRET });
    q = await startQuell({
      env: {
        EXCHANGE_TENANT_ID: 'contoso.onmicrosoft.com',
        EXCHANGE_CLIENT_ID: 'quell-exchange-app',
        EXCHANGE_CLIENT_SECRET: SECRET,
        GRAPH_API_URL: fake.url,
        EXCHANGE_LOGIN_URL: fake.url,
        EXCHANGE_ALLOW_INSECURE_HTTP: 'true',
        CATALOG_CONNECTORS: 'email.similar=exchange',
      },
    });
    for (const upn of MAILBOXES) fake.addMailbox(upn, { folders: ['Projects'] });
    // Email actions keep their default (wait for approval); they go to Exchange Online.
    await q.http
      .put('/api/v1/automation')
      .set(await q.auth('admin'))
      .send({ connectors: { email: 'exchange' } })
      .expect(200);
  });
  afterAll(async () => {
    await q.close();
    await fake.close();
  });

  it('is listed with its email actions and a healthy connection', async () => {
    const body = (
      await q.http
        .get('/api/v1/connectors')
        .set(await q.auth('reader'))
        .expect(200)
    ).body;
    const exchange = body.items.find((c: { name: string }) => c.name === 'exchange');
    expect(exchange).toEqual({
      name: 'exchange',
      actions: ['remove_inbox_rule', 'restore_email', 'restore_inbox_rule', 'soft_delete_email'],
      families: ['email'],
      types: ['soft_delete_email', 'block_sender', 'block_url', 'remove_inbox_rule', 'disable_external_forwarding'],
      facts: ['email.similar'],
      health: { ok: true, detail: 'token obtained; Graph advanced hunting answered' },
    });
    // The rest of the e-mail family has no Graph API here: routing the whole family says so.
    expect(body.unsupportedTypes).toEqual(
      ['block_sender', 'block_url', 'disable_external_forwarding'].map((type) => ({ type, connector: 'exchange' })),
    );
    expect(JSON.stringify(body)).not.toContain(SECRET);
  });

  it('investigates a phishing alert with email.similar from Exchange, soft-deletes every copy once when approved, and undo puts them back', async () => {
    const [megan, lynne, johanna] = MAILBOXES;
    const first = fake.deliver({ sender: PHISHER, subject: SUBJECT, recipients: [megan, lynne], folder: 'Projects' });
    const second = fake.deliver({ sender: PHISHER, subject: SUBJECT, recipients: [johanna] });
    const legit = fake.deliver({ sender: 'payroll@contoso.com', subject: 'Your payslip', recipients: [megan] });

    const res = await q.http
      .post('/api/v1/alerts')
      .set(await q.auth('ingest'))
      .send({
        externalId: `zap-${randomBytes(4).toString('hex')}`,
        source: 'email',
        type: 'malicious_email_delivered',
        title: 'Phishing email detected after delivery',
        severity: 'high',
        category: 'InitialAccess',
        entities: [
          { type: 'email', networkMessageId: first.networkMessageId, sender: PHISHER, recipient: megan, subject: SUBJECT },
          { type: 'mailbox', address: megan },
        ],
      })
      .expect(202);
    const { incidentId } = await workflowResult(q.client, alertWorkflowId(res.body.results[0].id));
    const reader = await q.auth('reader');
    const inv = await eventually(
      async () => {
        const list = (await q.http.get(`/api/v1/investigations?incidentId=${incidentId}`).set(reader).expect(200)).body;
        const found = list.items[0];
        if (found?.state !== 'pending_approval') return undefined;
        return (await q.http.get(`/api/v1/investigations/${found.id}`).set(reader).expect(200)).body;
      },
      60_000,
      'the investigation waiting for approval',
    );
    expect(inv.playbookRuns).toEqual([expect.objectContaining({ playbook: 'malicious-email-delivered', status: 'succeeded' })]);
    const purge = inv.actions.find((a: { type: string }) => a.type === 'soft_delete_email');
    // The cluster's mailboxes came from advanced hunting through the exchange connector.
    expect(purge).toMatchObject({ status: 'pending', connector: 'exchange', params: { scope: 'cluster' } });
    expect([...purge.params.mailboxes].sort()).toEqual([...MAILBOXES].sort());
    expect(fake.mail.moves).toBe(0);

    // The first move's answer is lost: the retry must find the copy moved and not send it again.
    fake.inject({ match: /\/move$/, dropAfterEffect: true });
    const approver = await q.auth('approver');
    await q.http.post(`/api/v1/actions/${purge.id}/approve`).set(approver).send({ comment: 'confirmed phish' }).expect(200);
    const done = await eventually(
      async () => {
        const a = (await q.http.get(`/api/v1/actions/${purge.id}`).set(reader).expect(200)).body;
        return a.status === 'succeeded' || a.status === 'failed' ? a : undefined;
      },
      60_000,
      'the soft-delete to finish',
    );
    expect(done.status).toBe('succeeded');
    expect(fake.mail.moves).toBe(3);
    for (const [upn, m] of [
      [megan, first],
      [lynne, first],
      [johanna, second],
    ] as const)
      expect(fake.whereIs(upn, m.internetMessageId)).toBe('Deletions');
    expect(fake.whereIs(megan, legit.internetMessageId)).toBe('Inbox');
    // The retry found the copy whose answer was lost already in Deletions, and moved the other two.
    expect(done.history.find((h: { kind: string }) => h.kind === 'succeeded').details).toMatchObject({
      scope: 'cluster',
      messagesDeleted: 2,
      unchanged: 1,
      replayed: false,
    });

    const undone = await q.http
      .post(`/api/v1/actions/${purge.id}/undo`)
      .set(approver)
      .send({ comment: 'false positive after all' })
      .expect(200);
    expect(undone.body.status).toBe('undone');
    expect(fake.mail.moves).toBe(6);
    expect(fake.whereIs(megan, first.internetMessageId)).toBe('Projects');
    expect(fake.whereIs(lynne, first.internetMessageId)).toBe('Projects');
    expect(fake.whereIs(johanna, second.internetMessageId)).toBe('Inbox');
    expect(JSON.stringify(undone.body)).not.toContain(SECRET);
  });
});
