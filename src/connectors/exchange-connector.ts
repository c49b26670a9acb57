import type { QuellConfig } from '../config/config.js';
import { type ActionType, RECORDED } from '../domain/actions.js';
import { type CatalogArgs, CatalogInputError } from '../domain/catalog.js';
import {
  type Connector,
  type ConnectorHealth,
  type ConnectorRequest,
  type ConnectorResult,
  type FactAnswers,
  type Facts,
  PermanentConnectorError,
} from './connector.js';
import type { ConnectorLedger, LedgerKey } from './connector-ledger.js';
import {
  deliveriesOf,
  deliveriesQuery,
  type EmailCriteria,
  type EmailDelivery,
  HUNTING_TIMESPAN,
  type HuntingQueryResults,
} from './email-hunting.js';
import { GRAPH_SCOPE } from './entra-connector.js';
import { ApiError, type ApiLog, factsOrUnavailable, heartbeat, microsoftProduct, OAuthApi, type OAuthApiOptions } from './oauth-api.js';

export type ExchangeConnectorOptions = NonNullable<QuellConfig['exchange']> &
  Omit<OAuthApiOptions, keyof NonNullable<QuellConfig['exchange']>>;

/** What happened to one copy of a message: moved by this request, already where the action puts it, or not in its mailbox. */
export const COPY_OUTCOMES = ['moved', 'unchanged', 'missing'] as const;
export type CopyOutcome = (typeof COPY_OUTCOMES)[number];

/** `message`: the message in its recipient's mailbox (every recipient's, without one); `cluster`: every copy with its sender and subject. */
type Scope = 'message' | 'cluster';

/** A copy of a message in one mailbox, as the action addresses it. */
interface Copy {
  mailbox: string;
  internetMessageId: string;
}

interface CopyResult extends Copy {
  outcome: CopyOutcome;
  /** Why a copy is missing. */
  note?: string;
  /** A restore left this copy in Deletions: this action did not put it there. */
  leftDeleted?: boolean;
}

/** Graph's message resource (the fields Quell reads). */
interface GraphMessage {
  id: string;
  parentFolderId: string;
}

interface ODataPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

/** The well-known folder that holds soft-deleted items: out of the user's sight, recoverable by an administrator or the user. */
const DELETIONS = 'recoverableitemsdeletions';
const INBOX = 'inbox';
/**
 * Message ids change when a message moves, unless immutable ids are asked for. With them, the id read
 * before a move still names the message after it, so the ledger can key a move by the message's id
 * and an undo finds that entry again.
 */
const IMMUTABLE_IDS = { prefer: 'IdType="ImmutableId"' };
const MESSAGE_FIELDS = 'id,parentFolderId';
/** Lists in catalog answers and action details land in workflow history: capped, like the lab's. */
const LIST_CAP = 50;
const MAX_PAGES = 10;
/** Where Defender last saw a copy that is out of the user's mail. */
const REMOVED_LOCATIONS = new Set(['Deleted items', 'Quarantine', 'Dropped', 'Failed']);

const odata = (v: string) => `'${v.replace(/'/g, "''")}'`;
const enc = encodeURIComponent;

/**
 * Exchange Online through Microsoft Graph: soft-deleting e-mail (and its undo) in users' mailboxes,
 * removing inbox rules (and re-creating them from their recorded definitions: `messageRules`), and
 * the `email.similar` facts from Defender's advanced hunting.
 *
 * Exactly once: a move is a state change. Each attempt finds every copy by its internetMessageId,
 * first in Recoverable Items\Deletions, then in the rest of the mailbox, and moves only a copy that is
 * not yet where the action puts it (`unchanged` otherwise). A move whose answer was lost is not resent
 * within the attempt; the activity's retry finds the copy already moved. Before a soft-delete moves a
 * copy, the ledger records the folder it came from, keyed by the copy's immutable id; the undo moves
 * back exactly the copies that entry names, to that folder (the inbox when the folder is gone), and
 * leaves copies this action did not delete.
 */
export class ExchangeConnector implements Connector {
  readonly name = 'exchange';
  readonly actions: ActionType[] = ['soft_delete_email', 'restore_email', 'remove_inbox_rule', 'restore_inbox_rule'];
  readonly facts: FactAnswers = {
    'email.similar': (a) => this.answer(() => this.emailSimilar(a)),
  };
  private readonly api: OAuthApi;

  constructor(
    o: ExchangeConnectorOptions,
    private readonly ledger: ConnectorLedger,
    log?: ApiLog,
  ) {
    this.api = new OAuthApi(o, microsoftProduct(o, 'Microsoft Graph', GRAPH_SCOPE), log);
  }

  /** A token from Entra ID and one advanced hunting query (ThreatHunting.Read.All). Mail.ReadWrite shows on the first action. */
  async health(): Promise<ConnectorHealth> {
    try {
      await this.api.call('POST', '/v1.0/security/runHuntingQuery', { Query: 'EmailEvents\n| take 1', Timespan: 'P1D' });
      return { ok: true, detail: 'token obtained; Graph advanced hunting answered' };
    } catch (err) {
      const said = this.api.redact(err instanceof Error ? err.message : String(err));
      if (err instanceof ApiError && err.status === 403)
        return { ok: false, detail: `${said}; grant the app the Graph application permissions ThreatHunting.Read.All and Mail.ReadWrite` };
      return { ok: false, detail: said };
    }
  }

  async execute(req: ConnectorRequest): Promise<ConnectorResult> {
    try {
      switch (req.type as ActionType) {
        case 'soft_delete_email':
          return await this.moveCopies(req, 'delete');
        case 'restore_email':
          return await this.moveCopies(req, 'restore');
        case 'remove_inbox_rule':
          return await this.removeRules(req);
        case 'restore_inbox_rule':
          return await this.restoreRules(req);
      }
    } catch (err) {
      if (err instanceof ApiError && err.permanent) throw new PermanentConnectorError(this.explain(err));
      if (err instanceof CatalogInputError) throw new PermanentConnectorError(err.message);
      if (err instanceof Error && !(err instanceof PermanentConnectorError)) throw new Error(this.api.redact(err.message));
      throw err;
    }
    throw new PermanentConnectorError(`the exchange connector does not support action ${req.type}`);
  }

  /** A 403 names the permission the call needs. */
  private explain(err: ApiError): string {
    if (err.status !== 403) return err.message;
    const needs = /runHuntingQuery/.test(err.message)
      ? 'ThreatHunting.Read.All'
      : /messageRules/.test(err.message)
        ? 'MailboxSettings.ReadWrite'
        : 'Mail.ReadWrite (and, where an application access policy or RBAC for Applications scopes the app, access to this mailbox)';
    return `${err.message}; the app needs the Graph application permission ${needs}`;
  }

  private rulesPath(req: ConnectorRequest): { mailbox: string; path: string } {
    if (req.target.type !== 'mailbox') throw new PermanentConnectorError(`${req.type} needs a mailbox target, not a ${req.target.type}`);
    const mailbox = req.target.address.trim().toLowerCase();
    return { mailbox, path: `/v1.0/users/${enc(mailbox)}/mailFolders/inbox/messageRules` };
  }

  /**
   * Removes the inbox rule named by `params.rule` (its displayName; every rule without one). Before
   * the first delete, the ledger keeps the rules' full definitions as Graph returned them, so a retry
   * after a partial removal records the same rules, and `recorded.rules` is what the undo re-creates.
   */
  private async removeRules(req: ConnectorRequest): Promise<ConnectorResult> {
    const { mailbox, path } = this.rulesPath(req);
    const named = typeof req.params.rule === 'string' && req.params.rule.trim() ? req.params.rule.trim() : undefined;
    const current = await this.all<GraphRule>(path);
    const matching = current.filter((r) => !named || r.displayName === named);
    const key = { connector: this.name, actionId: req.actionId, operation: `remove_inbox_rule ${mailbox}` };
    const entry = await this.ledger.begin(key, mailbox, JSON.stringify(matching.map(definitionOf)));
    const rules = JSON.parse(entry.baseline ?? '[]') as GraphRule[];
    if (!rules.length)
      throw new PermanentConnectorError(`mailbox ${mailbox} has no inbox rule${named ? ` named '${named}'` : ''} to remove`);
    const present = new Set(current.map((r) => r.id));
    for (const rule of rules.filter((r) => present.has(r.id))) {
      try {
        await this.api.call('DELETE', `${path}/${enc(rule.id!)}`, undefined, { resend: false });
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err;
      }
    }
    await this.ledger.finish(key);
    return {
      details: {
        mailbox,
        rulesRemoved: rules.map((r) => r.displayName ?? '(unnamed)'),
        rulesLeft: current.length - current.filter((r) => rules.some((x) => x.id === r.id)).length,
        [RECORDED]: { mailbox, rules },
      },
      replayed: !entry.fresh,
    };
  }

  /** Re-creates each recorded rule with its writable properties, unless the mailbox has the same rule already (a retry, or the owner). */
  private async restoreRules(req: ConnectorRequest): Promise<ConnectorResult> {
    const { mailbox, path } = this.rulesPath(req);
    const recorded = req.recorded?.rules;
    if (!Array.isArray(recorded) || !recorded.every((r) => r && typeof r === 'object'))
      throw new PermanentConnectorError(`${req.type} needs the rules the action recorded before it removed them; the record has none`);
    const current = (await this.all<GraphRule>(path)).map((r) => sameRuleKey(definitionOf(r)));
    const restored: string[] = [];
    for (const rule of recorded as GraphRule[]) {
      const body = writableOf(rule);
      if (current.includes(sameRuleKey(body))) continue;
      await this.api.call('POST', path, body, { resend: false });
      restored.push(rule.displayName ?? '(unnamed)');
    }
    return { details: { mailbox, rulesRestored: restored, alreadyPresent: recorded.length - restored.length }, replayed: false };
  }

  /** Soft-deletes or restores every copy the request names, one at a time (Graph allows few concurrent requests per mailbox). */
  private async moveCopies(req: ConnectorRequest, direction: 'delete' | 'restore'): Promise<ConnectorResult> {
    const { scope, copies } = await this.copiesFor(req);
    const results: CopyResult[] = [];
    for (const copy of copies) {
      heartbeat({ done: results.length, of: copies.length });
      results.push(direction === 'delete' ? await this.softDelete(req, copy) : await this.restore(req, copy));
    }
    const of = (o: CopyOutcome) => results.filter((r) => r.outcome === o);
    if (!of('moved').length && !of('unchanged').length) {
      const why = results.map((r) => `${r.mailbox}: ${r.note}`).slice(0, 5);
      throw new PermanentConnectorError(
        `no copy of the message was found in Exchange Online${why.length ? ` (${why.join('; ')})` : ' (no delivery carries an internetMessageId)'}`,
      );
    }
    const moved = of('moved');
    const leftDeleted = results.filter((r) => r.leftDeleted).length;
    return {
      details: {
        scope,
        [direction === 'delete' ? 'messagesDeleted' : 'messagesRestored']: moved.length,
        unchanged: of('unchanged').length,
        missing: of('missing').length,
        changed: moved.length > 0,
        mailboxes: [...new Set(moved.map((r) => r.mailbox))].slice(0, LIST_CAP),
        ...(leftDeleted ? { leftDeletedNotByThisAction: leftDeleted } : {}),
        ...(of('missing').length
          ? {
              missingFrom: of('missing')
                .slice(0, LIST_CAP)
                .map((r) => `${r.mailbox}: ${r.note}`),
            }
          : {}),
      },
      replayed: false,
    };
  }

  /**
   * The copies an action addresses. One message with its recipient and internetMessageId needs no
   * hunting; otherwise Defender's email events name the deliveries (and the internetMessageId the
   * mailbox search needs). A cluster is every delivery with the message's sender and subject, as in the lab.
   */
  private async copiesFor(req: ConnectorRequest): Promise<{ scope: Scope; copies: Copy[] }> {
    const t = req.target;
    if (t.type !== 'email') throw new PermanentConnectorError(`${req.type} needs an email target, not a ${t.type}`);
    const scope: Scope = req.params.scope === 'cluster' ? 'cluster' : 'message';
    const recipient = t.recipient?.trim().toLowerCase();
    const own = recipient && t.internetMessageId ? [{ mailbox: recipient, internetMessageId: t.internetMessageId.trim() }] : [];
    if (scope === 'message' && own.length) return { scope, copies: own };
    let sender = t.sender;
    let subject = t.subject;
    let deliveries: EmailDelivery[] = [];
    if (scope === 'message' || !sender || !subject) {
      deliveries = (await this.hunt({ networkMessageId: t.networkMessageId })).deliveries;
      sender ??= deliveries[0]?.sender ?? undefined;
      subject ??= deliveries[0]?.subject ?? undefined;
    }
    if (scope === 'message') {
      const mine = recipient ? deliveries.filter((d) => d.mailbox === recipient) : deliveries;
      if (!mine.length)
        throw new PermanentConnectorError(
          `Defender's email events of the last 30 days show no delivery of message ${t.networkMessageId}${recipient ? ` to ${recipient}` : ''}` +
            (recipient ? '; give the email entity its internetMessageId' : '; give the email entity its recipient and internetMessageId'),
        );
      return { scope, copies: copiesOf(mine) };
    }
    if (!sender || !subject)
      throw new PermanentConnectorError(
        `the cluster of message ${t.networkMessageId} is every copy with its sender and subject; neither the entity nor Defender's email events give them`,
      );
    const cluster = await this.hunt({ sender, subject });
    if (cluster.truncated)
      throw new PermanentConnectorError(
        `more than ${cluster.deliveries.length} copies share the sender and subject of message ${t.networkMessageId}; remove them in smaller actions`,
      );
    return { scope, copies: copiesOf([...own.map((c) => ({ ...c, networkMessageId: t.networkMessageId })), ...cluster.deliveries]) };
  }

  private key(req: ConnectorRequest, copy: Copy, messageId: string): LedgerKey {
    return { connector: this.name, actionId: req.actionId, operation: `soft_delete_email ${copy.mailbox} ${messageId}` };
  }

  /** Moves the copy to Recoverable Items\Deletions unless it is there already; the ledger keeps the folder it left. */
  private async softDelete(req: ConnectorRequest, copy: Copy): Promise<CopyResult> {
    const found = await this.locate(copy);
    if ('missing' in found) return { ...copy, outcome: 'missing', note: found.missing };
    if (!found.elsewhere.length) return { ...copy, outcome: 'unchanged' };
    for (const message of found.elsewhere) {
      const key = this.key(req, copy, message.id);
      await this.ledger.begin(key, copy.mailbox, message.parentFolderId);
      await this.move(copy, message, DELETIONS);
      await this.ledger.finish(key);
    }
    return { ...copy, outcome: 'moved' };
  }

  /**
   * Moves back the copies this action soft-deleted, to the folder each came from. A copy in Deletions
   * that the ledger does not know (deleted before, or by someone else) stays there; looking it up
   * leaves an entry without a folder, which an undo never acts on.
   */
  private async restore(req: ConnectorRequest, copy: Copy): Promise<CopyResult> {
    const found = await this.locate(copy);
    if ('missing' in found) return { ...copy, outcome: 'missing', note: found.missing };
    let moved = 0;
    for (const message of found.deleted) {
      const entry = await this.ledger.begin(this.key(req, copy, message.id), copy.mailbox, null);
      if (entry.fresh || entry.baseline === null) continue;
      await this.move(copy, message, (await this.folderExists(copy.mailbox, entry.baseline)) ? entry.baseline : INBOX);
      moved++;
    }
    if (moved) return { ...copy, outcome: 'moved' };
    return { ...copy, outcome: 'unchanged', leftDeleted: found.deleted.length > 0 };
  }

  /** A move with an effect: not resent within the attempt when its answer is lost (the retry looks first). */
  private async move(copy: Copy, message: GraphMessage, destinationId: string): Promise<void> {
    await this.api.call(
      'POST',
      `/v1.0/users/${enc(copy.mailbox)}/messages/${enc(message.id)}/move`,
      { destinationId },
      { resend: false, headers: IMMUTABLE_IDS },
    );
  }

  /**
   * Where the copies of a message are in a mailbox: in Recoverable Items\Deletions (which the mailbox-wide
   * message list leaves out) and elsewhere. An unknown mailbox, one without Exchange Online, or one the
   * app is refused, is missing.
   */
  private async locate(copy: Copy): Promise<{ deleted: GraphMessage[]; elsewhere: GraphMessage[] } | { missing: string }> {
    const filter = `$filter=${enc(`internetMessageId eq ${odata(copy.internetMessageId)}`)}&$select=${MESSAGE_FIELDS}`;
    const user = `/v1.0/users/${enc(copy.mailbox)}`;
    try {
      const deleted = await this.all<GraphMessage>(`${user}/mailFolders/${DELETIONS}/messages?${filter}`);
      const elsewhere = await this.all<GraphMessage>(`${user}/messages?${filter}`);
      const inDeletions = new Set(deleted.map((m) => m.id));
      const rest = elsewhere.filter((m) => !inDeletions.has(m.id));
      if (!deleted.length && !rest.length) return { missing: `no message ${copy.internetMessageId} in the mailbox` };
      return { deleted, elsewhere: rest };
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return { missing: `no such Exchange Online mailbox (${err.code ?? 'not found'})` };
      // A mailbox the app may not open (an application access policy leaves it out) does not stop the others.
      if (err instanceof ApiError && err.status === 403) return { missing: this.explain(err) };
      throw err;
    }
  }

  private async folderExists(mailbox: string, folderId: string): Promise<boolean> {
    try {
      await this.api.call('GET', `/v1.0/users/${enc(mailbox)}/mailFolders/${enc(folderId)}?$select=id`);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return false;
      throw err;
    }
  }

  /** Every page of a message collection, following @odata.nextLink (which must stay on the Graph endpoint). */
  private async all<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const answer: ODataPage<T> = await this.api.call<ODataPage<T>>('GET', next, undefined, { headers: IMMUTABLE_IDS });
      items.push(...answer.value);
      next = answer['@odata.nextLink'] ? this.api.pagePath(answer['@odata.nextLink']) : undefined;
    }
    return items;
  }

  private async hunt(c: EmailCriteria): Promise<{ deliveries: EmailDelivery[]; truncated: boolean }> {
    const answer = await this.api.call<HuntingQueryResults>('POST', '/v1.0/security/runHuntingQuery', {
      Query: deliveriesQuery(c),
      Timespan: HUNTING_TIMESPAN,
    });
    return deliveriesOf(answer);
  }

  /** See `factsOrUnavailable`: a refusal retrying cannot fix is "unavailable", anything else is retried. */
  private answer(question: () => Promise<Facts>): Promise<Facts> {
    return factsOrUnavailable(this.api, 'Exchange Online', question, (err) => this.explain(err));
  }

  /**
   * email.similar: deliveries in the last 30 days matching every criterion given. A network message id
   * stands for its sender and subject (the campaign), and the answer includes that message in every
   * mailbox it reached: advanced hunting shares one network message id among all its recipients.
   */
  private async emailSimilar(a: CatalogArgs<'email.similar'>): Promise<Facts> {
    let criteria: EmailCriteria = { sender: a.sender, subject: a.subject, url: a.url, attachmentSha256: a.attachmentSha256 };
    if (a.networkMessageId) {
      const none = { count: 0, truncated: false, messages: [], mailboxes: [], source: this.name };
      const ref = (await this.hunt({ networkMessageId: a.networkMessageId })).deliveries[0];
      if (!ref) return { found: false, ...none };
      if (ref.sender && ref.subject) {
        // The campaign's sender and subject, and any the caller gave, must all hold.
        if ((a.sender && a.sender.trim().toLowerCase() !== ref.sender) || (a.subject && a.subject.trim() !== ref.subject))
          return { found: true, ...none };
        criteria = { ...criteria, sender: ref.sender, subject: ref.subject };
      } else criteria = { ...criteria, networkMessageId: a.networkMessageId };
    }
    const { deliveries, truncated } = await this.hunt(criteria);
    return {
      ...(a.networkMessageId ? { found: true } : {}),
      count: deliveries.length,
      truncated,
      messages: deliveries.slice(0, LIST_CAP).map((d) => ({
        networkMessageId: d.networkMessageId,
        internetMessageId: d.internetMessageId,
        mailbox: d.mailbox,
        sender: d.sender,
        subject: d.subject,
        receivedAt: d.receivedAt,
        deleted: REMOVED_LOCATIONS.has(d.location ?? ''),
        location: d.location,
      })),
      mailboxes: [...new Set(deliveries.map((d) => d.mailbox))].sort().slice(0, LIST_CAP),
      source: this.name,
    };
  }
}

/** Graph's messageRule (v1.0): `id`, `hasError` and `isReadOnly` are the service's; the rest is the rule's definition. */
interface GraphRule {
  id?: string;
  displayName?: string;
  sequence?: number;
  isEnabled?: boolean;
  hasError?: boolean;
  isReadOnly?: boolean;
  conditions?: Record<string, unknown>;
  actions?: Record<string, unknown>;
  exceptions?: Record<string, unknown>;
}

const RULE_WRITABLE = ['displayName', 'sequence', 'isEnabled', 'conditions', 'actions', 'exceptions'] as const;

/** The rule as Graph returned it, without OData annotations. */
function definitionOf(rule: GraphRule): GraphRule {
  return Object.fromEntries(Object.entries(rule).filter(([k]) => !k.startsWith('@odata'))) as GraphRule;
}

/** What a create takes: the writable properties only. */
function writableOf(rule: GraphRule): GraphRule {
  return Object.fromEntries(RULE_WRITABLE.filter((k) => rule[k] !== undefined && rule[k] !== null).map((k) => [k, rule[k]])) as GraphRule;
}

/** Two rules are the same rule when their writable properties (but the sequence, which Exchange renumbers) are equal. */
function sameRuleKey(rule: GraphRule): string {
  const { sequence: _sequence, ...rest } = writableOf(rule);
  return canonical(rest);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** One copy per (mailbox, internetMessageId); a delivery without an internetMessageId cannot be found in a mailbox. */
function copiesOf(deliveries: (Pick<EmailDelivery, 'mailbox' | 'networkMessageId'> & { internetMessageId: string | null })[]): Copy[] {
  const seen = new Map<string, Copy>();
  for (const d of deliveries) {
    if (!d.internetMessageId) continue;
    seen.set(`${d.mailbox}\n${d.internetMessageId}`, { mailbox: d.mailbox, internetMessageId: d.internetMessageId });
  }
  return [...seen.values()];
}
