import { pino } from 'pino';
import { type ConfigError, loadConfig } from '../../src/config/config.js';
import type { ConnectorRequest } from '../../src/connectors/connector.js';
import { PermanentConnectorError } from '../../src/connectors/connector.js';
import type { ConnectorLedger, LedgerEntry, LedgerKey } from '../../src/connectors/connector-ledger.js';
import { deliveriesQuery } from '../../src/connectors/email-hunting.js';
import { ExchangeConnector, type ExchangeConnectorOptions } from '../../src/connectors/exchange-connector.js';
import type { Entity } from '../../src/domain/alert.js';
import { CatalogInputError } from '../../src/domain/catalog.js';
import { FakeExchange } from '../support/fake-exchange.js';

const SECRET = 'exchange-client-secret~Qz8.mN4vR2';
const credentials = { tenantId: 'contoso.onmicrosoft.com', clientId: '77777777-2222-3333-4444-555555555555', clientSecret: SECRET };
const PHISHER = 'it-support@contoso-helpdesk.com';
const SUBJECT = 'Action required: your mailbox password expires today';
const [MEGAN, LYNNE, JOHANNA] = ['megan@contoso.com', 'lynne@contoso.com', 'johanna@contoso.com'];

/** The ledger as PgConnectorLedger keeps it, in memory. */
class MemoryLedger implements ConnectorLedger {
  readonly entries = new Map<string, { baseline: string | null; done: boolean }>();
  async begin(key: LedgerKey, _subject: string, baseline: string | null): Promise<LedgerEntry> {
    const k = `${key.connector}/${key.actionId}/${key.operation}`;
    const prior = this.entries.get(k);
    if (prior) return { ...prior, fresh: false };
    this.entries.set(k, { baseline, done: false });
    return { baseline, done: false, fresh: true };
  }
  async finish(key: LedgerKey): Promise<void> {
    this.entries.get(`${key.connector}/${key.actionId}/${key.operation}`)!.done = true;
  }
}

describe('exchange connector (against a local fake of Entra ID, Exchange Online and advanced hunting in Graph)', () => {
  let fake: FakeExchange;
  let logLines: string[];
  let ledger: MemoryLedger;
  let seq = 0;

  beforeAll(async () => {
    fake = await FakeExchange.start(credentials);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    logLines = [];
    ledger = new MemoryLedger();
    for (const upn of [MEGAN, LYNNE, JOHANNA]) fake.addMailbox(upn, { folders: ['Invoices'] });
  });

  const sut = (over: Partial<ExchangeConnectorOptions> = {}) =>
    new ExchangeConnector(
      {
        ...credentials,
        clientSecret: () => SECRET,
        apiUrl: fake.url,
        loginUrl: fake.url,
        allowInsecureHttp: true,
        requestTimeoutMs: 2_000,
        retryBaseMs: 10,
        ...over,
      },
      ledger,
      pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) }),
    );
  const request = (
    type: string,
    target: Entity,
    params: Record<string, unknown> = {},
    actionId = `act-${++seq}`,
    operation: 'execute' | 'undo' = 'execute',
  ): ConnectorRequest => ({ actionId, operation, type, target, params });
  const undoOf = (req: ConnectorRequest): ConnectorRequest => ({ ...req, operation: 'undo', type: 'restore_email' });
  const phish = (recipients = [MEGAN, LYNNE, JOHANNA], extra: { folder?: string } = {}) =>
    fake.deliver({ sender: PHISHER, subject: SUBJECT, recipients, urls: ['https://contoso-helpdesk.com/reset'], ...extra });
  const moves = () => fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/move'));

  describe('remove_inbox_rule and restore_inbox_rule (Graph messageRules)', () => {
    const HIDDEN = {
      displayName: '..',
      sequence: 2,
      isEnabled: true,
      conditions: { bodyOrSubjectContains: ['invoice', 'payment'] },
      actions: { moveToFolder: 'AAMkAGI2-rss', markAsRead: true, stopProcessingRules: true },
    };
    const KEPT = {
      displayName: 'Newsletters',
      sequence: 1,
      isEnabled: true,
      conditions: { senderContains: ['news@'] },
      actions: { delete: true },
    };
    const seed = () => {
      const box = fake.mailboxes.find((b) => b.upn === MEGAN)!;
      box.rules = [KEPT, HIDDEN].map((r, i) => ({ id: `rule-${i}`, ...r, hasError: false, isReadOnly: false }));
      return box;
    };
    const box = { type: 'mailbox', address: MEGAN } as Entity;

    it('records the removed rule as Graph returned it, deletes it, and the undo re-creates exactly its definition once', async () => {
      const mailbox = seed();
      const c = sut();
      const remove = request('remove_inbox_rule', box, { rule: '..' });
      const done = await c.execute(remove);
      expect(done.details).toEqual({
        mailbox: MEGAN,
        rulesRemoved: ['..'],
        rulesLeft: 1,
        recorded: { mailbox: MEGAN, rules: [{ id: 'rule-1', ...HIDDEN, hasError: false, isReadOnly: false }] },
      });
      expect(mailbox.rules.map((r) => r.displayName)).toEqual(['Newsletters']);

      // A retry after the delete records the same rule from the ledger and deletes nothing more.
      expect((await c.execute(remove)).details).toMatchObject({
        rulesRemoved: ['..'],
        recorded: (done.details as { recorded: unknown }).recorded,
      });
      expect(fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);

      const undo: ConnectorRequest = {
        ...remove,
        operation: 'undo',
        type: 'restore_inbox_rule',
        recorded: done.details.recorded as Record<string, unknown>,
      };
      expect((await c.execute(undo)).details).toEqual({ mailbox: MEGAN, rulesRestored: ['..'], alreadyPresent: 0 });
      const created = fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messageRules'));
      expect(created.map((r) => r.body)).toEqual([HIDDEN]);
      expect(mailbox.rules.find((r) => r.displayName === '..')).toMatchObject(HIDDEN);
      // Again (a retry): the rule is there, nothing is created twice.
      expect((await c.execute(undo)).details).toEqual({ mailbox: MEGAN, rulesRestored: [], alreadyPresent: 1 });
      expect(mailbox.rules).toHaveLength(2);
    });

    it('refuses a restore without a record, and a removal of a rule that is not there, for good', async () => {
      seed();
      const c = sut();
      await expect(c.execute(request('restore_inbox_rule', box, {}, undefined, 'undo'))).rejects.toThrow(PermanentConnectorError);
      await expect(c.execute(request('remove_inbox_rule', box, { rule: 'nope' }))).rejects.toThrow(/no inbox rule named 'nope'/);
    });
  });

  describe('soft_delete_email and restore_email', () => {
    it('moves the recipient’s copy to Recoverable Items\\Deletions and, as the undo, back to the folder it came from', async () => {
      const { networkMessageId, internetMessageId } = phish([MEGAN], { folder: 'Invoices' });
      const c = sut();
      const target: Entity = { type: 'email', networkMessageId, internetMessageId, recipient: MEGAN };
      const del = request('soft_delete_email', target);
      expect(await c.execute(del)).toEqual({
        details: { scope: 'message', messagesDeleted: 1, unchanged: 0, missing: 0, changed: true, mailboxes: [MEGAN] },
        replayed: false,
      });
      expect(fake.whereIs(MEGAN, internetMessageId)).toBe('Deletions');
      expect(moves().map((r) => r.body)).toEqual([{ destinationId: 'recoverableitemsdeletions' }]);
      // With the recipient and internetMessageId on the entity, no hunting is needed.
      expect(fake.mail.huntingQueries).toBe(0);

      expect((await c.execute(undoOf(del))).details).toMatchObject({ messagesRestored: 1, changed: true, mailboxes: [MEGAN] });
      expect(fake.whereIs(MEGAN, internetMessageId)).toBe('Invoices');
      expect(fake.mail.moves).toBe(2);
    });

    it('sends nothing when the copy is already where the action puts it', async () => {
      const { networkMessageId, internetMessageId } = phish([MEGAN]);
      const c = sut();
      const target: Entity = { type: 'email', networkMessageId, internetMessageId, recipient: MEGAN };
      const del = request('soft_delete_email', target);
      await c.execute(del);
      expect((await c.execute(del)).details).toMatchObject({ messagesDeleted: 0, unchanged: 1, changed: false });
      expect((await c.execute(request('soft_delete_email', target))).details).toMatchObject({ changed: false });
      await c.execute(undoOf(del));
      expect((await c.execute(undoOf(del))).details).toMatchObject({ messagesRestored: 0, unchanged: 1, changed: false });
      expect(fake.mail.moves).toBe(2);
    });

    it('a move whose answer was lost is not sent again: the retry finds the copy moved, and the undo still knows its folder', async () => {
      const { networkMessageId, internetMessageId } = phish([MEGAN], { folder: 'Invoices' });
      const c = sut();
      const del = request('soft_delete_email', { type: 'email', networkMessageId, internetMessageId, recipient: MEGAN });
      fake.inject({ match: /\/move$/, dropAfterEffect: true });
      const lost = await c.execute(del).catch((e: Error) => e);
      expect(lost).toBeInstanceOf(Error);
      expect(lost).not.toBeInstanceOf(PermanentConnectorError);
      expect(fake.mail.moves).toBe(1);
      expect((await c.execute(del)).details).toMatchObject({ unchanged: 1, changed: false });
      expect(fake.mail.moves).toBe(1);

      const undo = undoOf(del);
      fake.inject({ match: /\/move$/, dropAfterEffect: true });
      await expect(c.execute(undo)).rejects.toThrow();
      expect((await c.execute(undo)).details).toMatchObject({ unchanged: 1, changed: false });
      expect(fake.whereIs(MEGAN, internetMessageId)).toBe('Invoices');
      expect(fake.mail.moves).toBe(2);
    });

    it('asks for immutable ids, so the id read before a move names the message after it', async () => {
      const { networkMessageId, internetMessageId } = phish([MEGAN]);
      const c = sut();
      const del = request('soft_delete_email', { type: 'email', networkMessageId, internetMessageId, recipient: MEGAN });
      await c.execute(del);
      const immutableId = fake.mailbox(MEGAN)!.messages[0].immutableId;
      expect(moves()[0].path).toBe(`/v1.0/users/${encodeURIComponent(MEGAN)}/messages/${encodeURIComponent(immutableId)}/move`);
      expect([...ledger.entries.keys()]).toEqual([`exchange/${del.actionId}/soft_delete_email ${MEGAN} ${immutableId}`]);
      await c.execute(undoOf(del));
      expect(moves()[1].path).toBe(moves()[0].path);
    });

    it('scope cluster: finds every copy with the sender and subject through advanced hunting and moves each once', async () => {
      const first = phish([MEGAN, LYNNE]);
      phish([JOHANNA]);
      fake.deliver({ sender: PHISHER, subject: 'Another subject', recipients: [MEGAN] });
      fake.deliver({ sender: 'ceo@contoso.com', subject: SUBJECT, recipients: [LYNNE] });
      const c = sut();
      const del = request('soft_delete_email', { type: 'email', networkMessageId: first.networkMessageId }, { scope: 'cluster' });
      expect((await c.execute(del)).details).toEqual({
        scope: 'cluster',
        messagesDeleted: 3,
        unchanged: 0,
        missing: 0,
        changed: true,
        mailboxes: expect.arrayContaining([MEGAN, LYNNE, JOHANNA]),
      });
      expect(fake.mail.moves).toBe(3);
      const inDeletions = fake.mailboxes.flatMap((b) => b.messages.filter((m) => fake.whereIs(b.upn, m.internetMessageId) === 'Deletions'));
      expect(inDeletions.map((m) => m.subject)).toEqual([SUBJECT, SUBJECT, SUBJECT]);
      // The sender and subject came from the delivery of the network message, then the cluster query.
      expect(fake.queries).toHaveLength(2);
      expect(fake.queries[1]).toContain(`| where SenderFromAddress =~ "${PHISHER}"`);

      expect((await c.execute(undoOf(del))).details).toMatchObject({ scope: 'cluster', messagesRestored: 3 });
      expect(fake.mail.moves).toBe(6);
    });

    it('the undo leaves a copy this action did not delete', async () => {
      const { networkMessageId, internetMessageId } = phish([MEGAN, LYNNE]);
      const c = sut();
      // Lynne's copy was soft-deleted by an earlier action.
      await c.execute(request('soft_delete_email', { type: 'email', networkMessageId, internetMessageId, recipient: LYNNE }));
      const del = request('soft_delete_email', { type: 'email', networkMessageId });
      expect((await c.execute(del)).details).toMatchObject({ messagesDeleted: 1, unchanged: 1, mailboxes: [MEGAN] });
      expect((await c.execute(undoOf(del))).details).toMatchObject({
        messagesRestored: 1,
        unchanged: 1,
        mailboxes: [MEGAN],
        leftDeletedNotByThisAction: 1,
      });
      expect(fake.whereIs(MEGAN, internetMessageId)).toBe('Inbox');
      expect(fake.whereIs(LYNNE, internetMessageId)).toBe('Deletions');
    });

    it('restores to the inbox when the folder the copy came from is gone', async () => {
      const { networkMessageId, internetMessageId } = phish([MEGAN], { folder: 'Invoices' });
      const c = sut();
      const del = request('soft_delete_email', { type: 'email', networkMessageId, internetMessageId, recipient: MEGAN });
      await c.execute(del);
      const box = fake.mailbox(MEGAN)!;
      box.folders = box.folders.filter((f) => f.displayName !== 'Invoices');
      await c.execute(undoOf(del));
      expect(fake.whereIs(MEGAN, internetMessageId)).toBe('Inbox');
    });

    it('without an internetMessageId, finds it by the network message id through advanced hunting', async () => {
      const { networkMessageId, internetMessageId } = phish([MEGAN, LYNNE]);
      const del = request('soft_delete_email', { type: 'email', networkMessageId, recipient: LYNNE.toUpperCase() });
      expect((await sut().execute(del)).details).toMatchObject({ messagesDeleted: 1, mailboxes: [LYNNE] });
      expect(fake.whereIs(LYNNE, internetMessageId)).toBe('Deletions');
      expect(fake.whereIs(MEGAN, internetMessageId)).toBe('Inbox');
      expect(fake.queries).toEqual([deliveriesQuery({ networkMessageId })]);
    });

    it('reports copies in mailboxes that are gone, and fails permanently when no copy is found at all', async () => {
      fake.addMailbox('unlicensed@contoso.com', { noMailbox: true });
      const { networkMessageId, internetMessageId } = phish([MEGAN, 'departed@contoso.com', 'unlicensed@contoso.com']);
      const c = sut();
      expect((await c.execute(request('soft_delete_email', { type: 'email', networkMessageId }))).details).toMatchObject({
        messagesDeleted: 1,
        missing: 2,
        missingFrom: [
          'departed@contoso.com: no such Exchange Online mailbox (ErrorInvalidUser)',
          'unlicensed@contoso.com: no such Exchange Online mailbox (MailboxNotEnabledForRESTAPI)',
        ],
      });

      const unknownMailbox = { type: 'email', networkMessageId, internetMessageId, recipient: 'nobody@contoso.com' } as const;
      await expect(c.execute(request('soft_delete_email', unknownMailbox))).rejects.toThrow(
        /^no copy of the message was found in Exchange Online \(nobody@contoso\.com: no such Exchange Online mailbox/,
      );
      const unknownMessage = { type: 'email', networkMessageId, internetMessageId: '<gone@example.com>', recipient: LYNNE } as const;
      await expect(c.execute(request('soft_delete_email', unknownMessage))).rejects.toThrow(/no message <gone@example.com> in the mailbox/);
      await expect(c.execute(request('soft_delete_email', { type: 'email', networkMessageId: 'no-such-id' }))).rejects.toThrow(
        /show no delivery of message no-such-id; give the email entity its recipient and internetMessageId/,
      );
      await expect(c.execute(request('soft_delete_email', { type: 'mailbox', address: MEGAN }))).rejects.toThrow(PermanentConnectorError);
      await expect(c.execute(request('block_sender', { type: 'mailbox', address: PHISHER }))).rejects.toThrow(
        /does not support action block_sender/,
      );
      expect(fake.mail.moves).toBe(1);
    });

    it('names the missing permission when Graph refuses with 403; a mailbox the app may not open does not stop the others', async () => {
      const { networkMessageId } = phish([MEGAN, LYNNE, JOHANNA]);
      fake.denied.push(new RegExp(`^GET /v1\\.0/users/${encodeURIComponent(LYNNE)}/`));
      const partial = await sut().execute(request('soft_delete_email', { type: 'email', networkMessageId }, { scope: 'cluster' }));
      expect(partial.details).toMatchObject({ messagesDeleted: 2, missing: 1 });
      expect(partial.details.missingFrom).toEqual([expect.stringMatching(/^lynne@contoso\.com: GET .* answered 403 .*Mail\.ReadWrite/)]);

      const other = fake.deliver({ sender: PHISHER, subject: 'Second wave', recipients: [MEGAN] });
      fake.denied.push(/\/move$/);
      const target: Entity = { type: 'email', ...other, recipient: MEGAN };
      await expect(sut().execute(request('soft_delete_email', target))).rejects.toThrow(/403.*Mail\.ReadWrite/);
      fake.denied.push(/runHuntingQuery$/);
      await expect(sut().execute(request('soft_delete_email', { type: 'email', networkMessageId }))).rejects.toThrow(
        /ThreatHunting\.Read\.All/,
      );
    });
  });

  describe('the client', () => {
    it('refreshes an expired token once, honours Retry-After on 429 and retries a 5xx on a read', async () => {
      const { networkMessageId } = phish([MEGAN, LYNNE]);
      const c = sut();
      await c.execute(request('soft_delete_email', { type: 'email', networkMessageId, recipient: MEGAN }));
      fake.revokeTokens();
      fake.inject(
        { match: /runHuntingQuery$/, status: 429, retryAfter: '0' },
        { match: /mailFolders\/recoverableitemsdeletions\/messages$/, status: 503 },
      );
      await c.execute(request('soft_delete_email', { type: 'email', networkMessageId, recipient: LYNNE }));
      expect(fake.counts.tokenRequests).toBe(2);
      expect(fake.counts.unauthorized).toBe(1);
      expect(fake.mail.moves).toBe(2);
      expect(logLines.join('\n')).toMatch(/Microsoft Graph call retried/);
    });

    it('follows @odata.nextLink through every page of a message search', async () => {
      fake.pageSize = 1;
      const { networkMessageId, internetMessageId } = phish([MEGAN]);
      // The same message twice in one mailbox (a duplicate delivery): both copies are moved.
      const box = fake.mailbox(MEGAN)!;
      box.messages.push({ ...box.messages[0], immutableId: 'AAkALgAAduplicate', restId: 'AAMkADhmduplicate' });
      const out = await sut().execute(
        request('soft_delete_email', { type: 'email', networkMessageId, internetMessageId, recipient: MEGAN }),
      );
      expect(out.details).toMatchObject({ messagesDeleted: 1, changed: true });
      expect(fake.mail.moves).toBe(2);
      expect(fake.requests.filter((r) => r.path.includes('/messages?') && r.path.includes('skiptoken')).length).toBeGreaterThan(0);
    });

    it('never puts the secret or a token in an error, a result or the log', async () => {
      const { networkMessageId } = phish([MEGAN]);
      fake.inject({ match: /runHuntingQuery$/, status: 400, echoBody: true });
      const err = await sut()
        .execute(request('soft_delete_email', { type: 'email', networkMessageId, sender: PHISHER, subject: SECRET }, { scope: 'cluster' }))
        .catch((e: Error) => e);
      // Graph echoed the query, which carried the secret (as a subject): it is masked.
      expect(err).toBeInstanceOf(PermanentConnectorError);
      expect((err as Error).message).toContain('[redacted]');
      const bad = await sut({ clientSecret: () => 'wrong-secret-value' }).health();
      expect(bad.detail).toMatch(/invalid_client/);
      const facts = await sut().facts['email.similar']!({ networkMessageId });
      const everything = `${(err as Error).message}${JSON.stringify(bad)}${JSON.stringify(facts)}${logLines.join('\n')}`;
      expect(everything).not.toContain('wrong-secret-value');
      expect(everything).not.toContain(SECRET);
      expect(everything).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
    });

    it('reports health, and names the permission a 403 means', async () => {
      expect(await sut().health()).toEqual({ ok: true, detail: 'token obtained; Graph advanced hunting answered' });
      fake.denied.push(/runHuntingQuery$/);
      const denied = await sut().health();
      expect(denied).toMatchObject({ ok: false });
      expect(denied.detail).toMatch(/403.*ThreatHunting\.Read\.All/);
    });
  });

  describe('email.similar', () => {
    it('by network message id: the campaign (same sender and subject) in every mailbox it reached', async () => {
      const first = phish([MEGAN, LYNNE]);
      phish([JOHANNA]);
      fake.deliver({ sender: PHISHER, subject: 'Unrelated', recipients: [MEGAN] });
      const out = await sut().facts['email.similar']!({ networkMessageId: first.networkMessageId });
      expect(out).toMatchObject({ found: true, count: 3, truncated: false, mailboxes: [JOHANNA, LYNNE, MEGAN], source: 'exchange' });
      expect((out.messages as unknown[])[0]).toEqual({
        networkMessageId: expect.any(String),
        internetMessageId: expect.stringMatching(/^<.+>$/),
        mailbox: expect.any(String),
        sender: PHISHER,
        subject: SUBJECT,
        receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        deleted: false,
        location: 'Inbox/folder',
      });
      expect(await sut().facts['email.similar']!({ networkMessageId: 'unknown' })).toEqual({
        found: false,
        count: 0,
        truncated: false,
        messages: [],
        mailboxes: [],
        source: 'exchange',
      });
    });

    it('by sender (any case), URL or attachment hash, every criterion holding', async () => {
      phish([MEGAN]);
      fake.deliver({ sender: PHISHER, subject: 'Invoice', recipients: [LYNNE], attachmentSha256: ['ab'.repeat(32)] });
      const similar = sut().facts['email.similar']!;
      expect(await similar({ sender: PHISHER.toUpperCase() })).toMatchObject({ count: 2 });
      expect(await similar({ url: 'HTTPS://contoso-helpdesk.com/reset' })).toMatchObject({ count: 1, mailboxes: [MEGAN] });
      expect(await similar({ attachmentSha256: 'AB'.repeat(32), sender: PHISHER })).toMatchObject({ count: 1, mailboxes: [LYNNE] });
      expect(await similar({ attachmentSha256: 'ab'.repeat(32), subject: SUBJECT })).toMatchObject({ count: 0 });
    });

    it('keeps input inside its string literal: quotes, backslashes and pipes match themselves', async () => {
      const sly = 'Re: "urgent" \\\\server\\share | take 1 // or 1==1';
      fake.deliver({ sender: PHISHER, subject: sly, recipients: [MEGAN] });
      fake.deliver({ sender: PHISHER, subject: 'Re: "urgent"', recipients: [LYNNE] });
      expect(await sut().facts['email.similar']!({ subject: sly })).toMatchObject({ count: 1, mailboxes: [MEGAN] });
      expect(fake.queries[0].split('\n')).toHaveLength(5);
      expect(() => deliveriesQuery({ subject: 'a\u0000b' })).toThrow(CatalogInputError);
    });

    it('bounds the answer: at most 500 deliveries read (truncated beyond), 50 listed', async () => {
      const many = Array.from({ length: 501 }, (_, i) => `user${i}@contoso.com`);
      phish(many);
      const out = await sut().facts['email.similar']!({ sender: PHISHER });
      expect(out).toMatchObject({ count: 500, truncated: true });
      expect(out.messages).toHaveLength(50);
      expect(out.mailboxes).toHaveLength(50);
      expect(fake.queries[0]).toMatch(/\| take 501$/);
    });

    it('is "unavailable" without the hunting permission', async () => {
      fake.denied.push(/runHuntingQuery$/);
      const out = await sut().facts['email.similar']!({ sender: PHISHER });
      expect(out).toMatchObject({ available: false });
      expect(out.reason).toMatch(/ThreatHunting\.Read\.All/);
    });
  });
});

describe('exchange connector configuration', () => {
  const problemsOf = (env: NodeJS.ProcessEnv) => {
    try {
      loadConfig(env);
      return [];
    } catch (err) {
      return (err as ConfigError).problems;
    }
  };

  it('is off unless configured, needs every credential once any is set, shares GRAPH_API_URL, and https unless told otherwise', () => {
    expect(loadConfig({}).exchange).toBeUndefined();
    expect(
      problemsOf({ EXCHANGE_CLIENT_ID: 'app', GRAPH_API_URL: 'http://127.0.0.1:9' })
        .map((p) => p.split(':')[0])
        .sort(),
    ).toEqual(['EXCHANGE_CLIENT_SECRET or EXCHANGE_CLIENT_SECRET_FILE', 'EXCHANGE_TENANT_ID', 'GRAPH_API_URL']);
    const sut = loadConfig({
      EXCHANGE_TENANT_ID: 'contoso.onmicrosoft.com',
      EXCHANGE_CLIENT_ID: 'app',
      EXCHANGE_CLIENT_SECRET: 'exchange-s3cret',
      GRAPH_API_URL: 'http://127.0.0.1:9/',
      EXCHANGE_ALLOW_INSECURE_HTTP: 'true',
      EXCHANGE_REQUEST_TIMEOUT_SECONDS: '20',
    });
    expect(sut.exchange).toMatchObject({
      apiUrl: 'http://127.0.0.1:9',
      loginUrl: 'https://login.microsoftonline.com',
      requestTimeoutMs: 20_000,
    });
    expect(sut.exchange!.clientSecret()).toBe('exchange-s3cret');
    expect(JSON.stringify(sut)).not.toContain('exchange-s3cret');
    expect(sut.entra).toBeUndefined();
  });
});
