import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { FakeGraph, graphError } from './fake-graph.js';

/**
 * Microsoft Graph as the exchange connector sees it: users' mailboxes with their well-known folders
 * (Recoverable Items\Deletions among them), messages found by internetMessageId, `message: move`, and
 * advanced hunting (`POST /security/runHuntingQuery`) over EmailEvents, EmailUrlInfo and
 * EmailAttachmentInfo. As in Exchange, a move makes a new copy: its regular id changes, and only
 * `Prefer: IdType="ImmutableId"` gives an id that survives. The hunting endpoint reads only the KQL
 * shapes the connector sends and refuses anything else with Graph's 400, so a query the connector
 * garbles (or lets input break out of a string literal) fails here as it would in Defender.
 * Token expiry, 429, 5xx and lost answers come from FakeGraph.
 */
export interface FakeFolder {
  id: string;
  displayName: string;
  /** Its well-known name (`inbox`, `recoverableitemsdeletions`, …), if it has one. */
  wellKnownName?: string;
}

export interface FakeMessage {
  immutableId: string;
  /** The regular id: a new one after every move. */
  restId: string;
  internetMessageId: string;
  subject: string;
  from: string;
  receivedDateTime: string;
  parentFolderId: string;
}

export interface FakeMailbox {
  upn: string;
  /** A user without an Exchange Online mailbox (no licence, say). */
  noMailbox?: boolean;
  folders: FakeFolder[];
  messages: FakeMessage[];
  /** Inbox rules as Graph's messageRule (v1.0) returns them. */
  rules: Record<string, unknown>[];
}

/** One row of EmailEvents, with what EmailUrlInfo and EmailAttachmentInfo hold for the message. */
export interface FakeEmailEvent {
  Timestamp: string;
  NetworkMessageId: string;
  InternetMessageId: string;
  RecipientEmailAddress: string;
  SenderFromAddress: string;
  Subject: string;
  DeliveryAction: string;
  DeliveryLocation: string;
  LatestDeliveryLocation: string;
  urls: string[];
  attachmentSha256: string[];
}

const WELL_KNOWN: [name: string, displayName: string][] = [
  ['inbox', 'Inbox'],
  ['deleteditems', 'Deleted Items'],
  ['junkemail', 'Junk Email'],
  ['archive', 'Archive'],
  ['recoverableitemsdeletions', 'Deletions'],
];

/** The EmailEvents columns the fake keeps (the real table has more; the connector asks for none of them). */
const COLUMNS = [
  'Timestamp',
  'NetworkMessageId',
  'InternetMessageId',
  'RecipientEmailAddress',
  'SenderFromAddress',
  'Subject',
  'DeliveryAction',
  'DeliveryLocation',
  'LatestDeliveryLocation',
];
const COLUMN_TYPES: Record<string, string> = { Timestamp: 'DateTime' };

const exchangeId = (prefix: string) => `${prefix}${randomBytes(36).toString('base64').replace(/\//g, '-').replace(/\+/g, '_')}`;

/** A KQL double-quoted string literal as the connector writes them: only \\, \", \t and \n escapes. */
const LITERAL = String.raw`"((?:[^"\\\n]|\\[\\"tn])*)"`;
const unescape = (s: string) => s.replace(/\\([\\"tn])/g, (_m, c: string) => ({ t: '\t', n: '\n' })[c] ?? c);

type Predicate = (row: FakeEmailEvent) => boolean;

/** The `where` clauses the connector writes, each a pattern and the test it stands for. */
const WHERE: [RegExp, (value: string) => Predicate][] = [
  [new RegExp(`^NetworkMessageId == ${LITERAL}$`), (v) => (r) => r.NetworkMessageId === v],
  [new RegExp(`^SenderFromAddress =~ ${LITERAL}$`), (v) => (r) => r.SenderFromAddress.toLowerCase() === v.toLowerCase()],
  [new RegExp(`^Subject == ${LITERAL}$`), (v) => (r) => r.Subject === v],
  [
    new RegExp(`^NetworkMessageId in \\(EmailUrlInfo \\| where Url =~ ${LITERAL} \\| project NetworkMessageId\\)$`),
    (v) => (r) => r.urls.some((u) => u.toLowerCase() === v.toLowerCase()),
  ],
  [
    new RegExp(`^NetworkMessageId in \\(EmailAttachmentInfo \\| where SHA256 =~ ${LITERAL} \\| project NetworkMessageId\\)$`),
    (v) => (r) => r.attachmentSha256.some((h) => h.toLowerCase() === v.toLowerCase()),
  ],
];

export class FakeExchange extends FakeGraph {
  mailboxes: FakeMailbox[] = [];
  emailEvents: FakeEmailEvent[] = [];
  /** Every hunting query received, as sent. */
  readonly queries: string[] = [];
  readonly mail = { moves: 0, huntingQueries: 0 };

  override reset(): void {
    super.reset();
    this.mailboxes = [];
    this.emailEvents = [];
    this.queries.length = 0;
    this.mail.moves = 0;
    this.mail.huntingQueries = 0;
  }

  /** A mailbox with the well-known folders and any others named. */
  addMailbox(upn: string, opts: { folders?: string[]; noMailbox?: boolean } = {}): FakeMailbox {
    const folders = [
      ...WELL_KNOWN.map(([wellKnownName, displayName]) => ({ id: exchangeId('AAMkAGI2'), displayName, wellKnownName })),
      ...(opts.folders ?? []).map((displayName) => ({ id: exchangeId('AAMkAGI2'), displayName })),
    ];
    const mailbox = { upn: upn.toLowerCase(), noMailbox: opts.noMailbox, folders, messages: [], rules: [] };
    this.mailboxes.push(mailbox);
    return mailbox;
  }

  /**
   * One message delivered to each recipient: one network message id and one internetMessageId for all,
   * a copy in each recipient's mailbox (in `folder`, the inbox by default), a row in EmailEvents each.
   */
  deliver(m: {
    sender: string;
    subject: string;
    recipients: string[];
    urls?: string[];
    attachmentSha256?: string[];
    folder?: string;
    at?: string;
  }): { networkMessageId: string; internetMessageId: string } {
    const networkMessageId = randomUUID();
    const internetMessageId = `<${randomBytes(8).toString('hex')}@${m.sender.split('@')[1] ?? 'example.com'}>`;
    const at = m.at ?? new Date(Date.now() - 3600_000).toISOString();
    for (const recipient of m.recipients) {
      const box = this.mailbox(recipient);
      if (box && !box.noMailbox) {
        const folder = box.folders.find((f) => f.displayName === m.folder) ?? this.folder(box, 'inbox')!;
        box.messages.push({
          immutableId: exchangeId('AAkALgAA'),
          restId: exchangeId('AAMkADhm'),
          internetMessageId,
          subject: m.subject,
          from: m.sender,
          receivedDateTime: at,
          parentFolderId: folder.id,
        });
      }
      this.emailEvents.push({
        Timestamp: at.replace(/\.\d+Z$|Z$/, '.1234567Z'),
        NetworkMessageId: networkMessageId,
        InternetMessageId: internetMessageId,
        RecipientEmailAddress: recipient,
        SenderFromAddress: m.sender,
        Subject: m.subject,
        DeliveryAction: 'Delivered',
        DeliveryLocation: 'Inbox/folder',
        LatestDeliveryLocation: 'Inbox/folder',
        urls: m.urls ?? [],
        attachmentSha256: m.attachmentSha256 ?? [],
      });
    }
    return { networkMessageId, internetMessageId };
  }

  /** The folder a recipient's copy of a message is in now (display name), or undefined when it has none. */
  whereIs(upn: string, internetMessageId: string): string | undefined {
    const box = this.mailbox(upn);
    const message = box?.messages.find((x) => x.internetMessageId === internetMessageId);
    return message && box!.folders.find((f) => f.id === message.parentFolderId)?.displayName;
  }

  mailbox(upn: string): FakeMailbox | undefined {
    return this.mailboxes.find((b) => b.upn === decodeURIComponent(upn).toLowerCase());
  }

  folder(box: FakeMailbox, ref: string): FakeFolder | undefined {
    const key = decodeURIComponent(ref);
    return box.folders.find((f) => f.id === key || f.wellKnownName === key.toLowerCase());
  }

  protected override api(
    method: string,
    url: URL,
    body: unknown,
    send: (status: number, body?: unknown, headers?: Record<string, string>) => void,
    headers: IncomingHttpHeaders = {},
  ): void {
    const p = url.pathname;
    if (p === '/v1.0/security/runHuntingQuery') {
      if (method !== 'POST') return send(405, graphError('Request_BadRequest', 'The request method is not supported.'));
      return this.hunt(body, send);
    }
    const m = /^\/v1\.0\/users\/([^/]+)\/(messages|mailFolders)(\/.*)?$/.exec(p);
    if (!m) return super.api(method, url, body, send, headers);
    const box = this.mailbox(m[1]);
    if (!box) return send(404, graphError('ErrorInvalidUser', `The requested user '${decodeURIComponent(m[1])}' is invalid.`));
    if (box.noMailbox)
      return send(404, graphError('MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.'));
    const immutable = /IdType="ImmutableId"/.test(String(headers.prefer ?? ''));
    const rest = m[3] ?? '';
    let hit: RegExpExecArray | null;
    if (m[2] === 'messages' && rest === '' && method === 'GET')
      return this.list(box, url, immutable, (x) => !this.isDeletion(box, x), send);
    if (m[2] === 'messages' && method === 'POST' && (hit = /^\/([^/]+)\/move$/.exec(rest)))
      return this.move(box, hit[1], body, immutable, send);
    if (m[2] === 'mailFolders' && (hit = /^\/inbox\/messageRules(?:\/([^/]+))?$/i.exec(rest)))
      return this.rules(box, method, hit[1], body, send);
    if (m[2] === 'mailFolders' && (hit = /^\/([^/]+)(\/messages)?$/.exec(rest)) && method === 'GET') {
      const folder = this.folder(box, hit[1]);
      if (!folder) return send(404, graphError('ErrorItemNotFound', 'The specified object was not found in the store.'));
      if (hit[2]) return this.list(box, url, immutable, (x) => x.parentFolderId === folder.id, send);
      return send(200, {
        '@odata.context': `${this.url}/v1.0/$metadata#users('${box.upn}')/mailFolders/$entity`,
        id: folder.id,
        displayName: folder.displayName,
        totalItemCount: box.messages.filter((x) => x.parentFolderId === folder.id).length,
      });
    }
    send(400, graphError('BadRequest', `Resource not found for the segment '${p.split('/').pop()}'.`));
  }

  /**
   * Inbox rules (messageRule, v1.0): list (`{ value }`), create (201 with the service's `id`, `hasError`
   * and `isReadOnly` added; `displayName` and `actions` required; read-only properties refused) and
   * delete (204; 404 for an unknown id).
   */
  private rules(
    box: FakeMailbox,
    method: string,
    id: string | undefined,
    body: unknown,
    send: (status: number, body?: unknown) => void,
  ): void {
    const context = `${this.url}/v1.0/$metadata#users('${box.upn}')/mailFolders('inbox')/messageRules`;
    if (!id && method === 'GET') return send(200, { '@odata.context': context, value: box.rules });
    if (!id && method === 'POST') {
      const rule = body as Record<string, unknown>;
      if (!rule || typeof rule.displayName !== 'string' || typeof rule.actions !== 'object')
        return send(400, graphError('ErrorInvalidRequest', 'displayName and actions are required.'));
      if ('id' in rule || 'hasError' in rule || 'isReadOnly' in rule)
        return send(400, graphError('ErrorInvalidPropertyRequest', 'A read-only property was set.'));
      const created = {
        id: exchangeId('AQAAAJ5dZqA='),
        sequence: box.rules.length + 1,
        isEnabled: true,
        ...rule,
        hasError: false,
        isReadOnly: false,
      };
      box.rules.push(created);
      return send(201, { '@odata.context': `${context}/$entity`, ...created });
    }
    if (id && method === 'DELETE') {
      const at = box.rules.findIndex((r) => r.id === decodeURIComponent(id));
      if (at < 0) return send(404, graphError('ErrorItemNotFound', 'The specified object was not found in the store.'));
      box.rules.splice(at, 1);
      return send(204);
    }
    send(405, graphError('Request_BadRequest', 'The request method is not supported.'));
  }

  private isDeletion(box: FakeMailbox, message: FakeMessage): boolean {
    return this.folder(box, 'recoverableitemsdeletions')!.id === message.parentFolderId;
  }

  private view(message: FakeMessage, immutable: boolean) {
    return {
      '@odata.etag': `W/"${randomBytes(12).toString('base64')}"`,
      id: immutable ? message.immutableId : message.restId,
      receivedDateTime: message.receivedDateTime,
      subject: message.subject,
      internetMessageId: message.internetMessageId,
      parentFolderId: message.parentFolderId,
      from: { emailAddress: { address: message.from, name: message.from } },
    };
  }

  /** A message list: the connector only ever filters on internetMessageId, so nothing else is accepted. */
  private list(
    box: FakeMailbox,
    url: URL,
    immutable: boolean,
    inScope: (m: FakeMessage) => boolean,
    send: (status: number, body?: unknown) => void,
  ): void {
    const filter = url.searchParams.get('$filter') ?? '';
    const hit = /^internetMessageId eq '((?:[^']|'')*)'$/.exec(filter);
    if (!hit) return send(400, graphError('BadRequest', `Invalid filter clause: ${filter}`));
    const wanted = hit[1].replace(/''/g, "'");
    const select = url.searchParams.get('$select')?.split(',');
    const rows = box.messages
      .filter((x) => inScope(x) && x.internetMessageId === wanted)
      .map((x) => this.view(x, immutable) as Record<string, unknown>)
      .map((v) =>
        select ? Object.fromEntries(Object.entries(v).filter(([k]) => select.includes(k) || k === 'id' || k === '@odata.etag')) : v,
      );
    send(200, this.page(url, `users('${box.upn}')/messages`, rows));
  }

  /** message: move — a new copy in the destination, the original removed: the regular id changes. */
  private move(box: FakeMailbox, id: string, body: unknown, immutable: boolean, send: (status: number, body?: unknown) => void): void {
    const key = decodeURIComponent(id);
    const message = box.messages.find((x) => x.restId === key || x.immutableId === key);
    if (!message) return send(404, graphError('ErrorItemNotFound', 'The specified object was not found in the store.'));
    const destinationId = (body as { destinationId?: unknown } | undefined)?.destinationId;
    if (typeof destinationId !== 'string' || Object.keys(body as object).length !== 1)
      return send(400, graphError('ErrorInvalidRequest', 'The destinationId parameter is required.'));
    const folder = this.folder(box, destinationId);
    if (!folder) return send(404, graphError('ErrorItemNotFound', 'The specified object was not found in the store.'));
    message.parentFolderId = folder.id;
    message.restId = exchangeId('AAMkADhm');
    this.mail.moves++;
    send(201, { '@odata.context': `${this.url}/v1.0/$metadata#users('${box.upn}')/messages/$entity`, ...this.view(message, immutable) });
  }

  /** runHuntingQuery over the email tables, for the query shapes the connector writes (and `EmailEvents | take n`). */
  private hunt(body: unknown, send: (status: number, body?: unknown) => void): void {
    const b = (body ?? {}) as Record<string, unknown>;
    const bad = (why: string) => send(400, graphError('BadRequest', why));
    if (typeof b.Query !== 'string' || Object.keys(b).some((k) => k !== 'Query' && k !== 'Timespan'))
      return bad('The request body must be { Query, Timespan? }.');
    const span = b.Timespan === undefined ? 'P30D' : b.Timespan;
    const days = typeof span === 'string' ? /^P(\d+)D$/.exec(span) : null;
    if (!days) return bad(`Invalid timespan '${String(span)}'.`);
    this.queries.push(b.Query);
    this.mail.huntingQueries++;
    const [table, ...ops] = b.Query.split('\n');
    if (table !== 'EmailEvents') return bad(`Query could not be parsed at '${table}'.`);
    const since = Date.now() - Number(days[1]) * 86400_000;
    let rows = this.emailEvents.filter((r) => Date.parse(r.Timestamp) >= since);
    let columns = COLUMNS;
    for (const op of ops) {
      let hit: RegExpExecArray | null;
      if ((hit = /^\| where (.*)$/.exec(op))) {
        const clause = hit[1];
        const form = WHERE.map(([re, test]) => [re.exec(clause), test] as const).find(([x]) => x);
        if (!form) return bad(`Query could not be parsed at '${clause}'.`);
        const test = form[1](unescape(form[0]![1]));
        rows = rows.filter(test);
      } else if ((hit = /^\| project ([A-Za-z]+(?:, [A-Za-z]+)*)$/.exec(op))) {
        columns = hit[1].split(', ');
        const unknown = columns.find((c) => !COLUMNS.includes(c));
        if (unknown) return bad(`Failed to resolve scalar expression named '${unknown}'.`);
      } else if (op === '| order by Timestamp desc') rows = [...rows].sort((x, y) => y.Timestamp.localeCompare(x.Timestamp));
      else if ((hit = /^\| take (\d+)$/.exec(op))) rows = rows.slice(0, Number(hit[1]));
      else return bad(`Query could not be parsed at '${op}'.`);
    }
    send(200, {
      '@odata.context': `${this.url}/v1.0/$metadata#microsoft.graph.security.huntingQueryResults`,
      schema: columns.map((name) => ({ name, type: COLUMN_TYPES[name] ?? 'String' })),
      results: rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c as keyof FakeEmailEvent]]))),
    });
  }
}
