import { CatalogInputError } from '../domain/catalog.js';

/**
 * Advanced hunting over Defender for Office 365's email tables (EmailEvents, EmailUrlInfo,
 * EmailAttachmentInfo) through Graph's `POST /security/runHuntingQuery`. Every value reaches the KQL
 * as an escaped string literal; nothing from an alert or a playbook is ever spliced in raw.
 */

/** Which messages to find: every criterion given must hold. */
export interface EmailCriteria {
  networkMessageId?: string;
  sender?: string;
  subject?: string;
  url?: string;
  attachmentSha256?: string;
}

/** One delivery of a message to one recipient, as EmailEvents records it. */
export interface EmailDelivery {
  networkMessageId: string;
  internetMessageId: string | null;
  mailbox: string;
  sender: string | null;
  subject: string | null;
  receivedAt: string;
  /** Where Defender last saw the copy (LatestDeliveryLocation, else DeliveryLocation). */
  location: string | null;
}

/** The columns the query projects, as runHuntingQuery answers them (one object per row). */
interface EmailEventRow {
  Timestamp: string;
  NetworkMessageId: string;
  InternetMessageId?: string | null;
  RecipientEmailAddress?: string | null;
  SenderFromAddress?: string | null;
  Subject?: string | null;
  DeliveryLocation?: string | null;
  LatestDeliveryLocation?: string | null;
}

export interface HuntingQueryResults {
  schema?: { name?: string; Name?: string; type?: string; Type?: string }[];
  results: Record<string, unknown>[];
}

/** Advanced hunting keeps 30 days of email events: the query asks for all of them. */
export const HUNTING_TIMESPAN = 'P30D';
/** Deliveries read for one answer; one more is asked for, to know whether there were more. */
export const MAX_DELIVERIES = 500;

const COLUMNS = [
  'Timestamp',
  'NetworkMessageId',
  'InternetMessageId',
  'RecipientEmailAddress',
  'SenderFromAddress',
  'Subject',
  'DeliveryLocation',
  'LatestDeliveryLocation',
];

/**
 * A KQL string literal. Kusto documents four escapes in double-quoted literals (`\\`, `\"`, `\t`,
 * `\n`); other control characters are refused rather than guessed at.
 */
export function kqlString(value: string): string {
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value))
    throw new CatalogInputError('email.similar: values must not contain control characters');
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t').replace(/\n/g, '\\n')}"`;
}

/**
 * The query for deliveries matching `c`: one `where` per criterion (senders compare case-insensitively,
 * subjects exactly), URL and attachment criteria through their own tables by NetworkMessageId, newest
 * first, at most MAX_DELIVERIES + 1 rows.
 */
export function deliveriesQuery(c: EmailCriteria): string {
  const where: string[] = [];
  if (c.networkMessageId) where.push(`NetworkMessageId == ${kqlString(c.networkMessageId.trim())}`);
  if (c.sender) where.push(`SenderFromAddress =~ ${kqlString(c.sender.trim())}`);
  if (c.subject) where.push(`Subject == ${kqlString(c.subject.trim())}`);
  if (c.url) where.push(`NetworkMessageId in (EmailUrlInfo | where Url =~ ${kqlString(c.url.trim())} | project NetworkMessageId)`);
  if (c.attachmentSha256)
    where.push(
      `NetworkMessageId in (EmailAttachmentInfo | where SHA256 =~ ${kqlString(c.attachmentSha256.trim())} | project NetworkMessageId)`,
    );
  if (!where.length) throw new CatalogInputError('email.similar: give at least one criterion');
  return [
    'EmailEvents',
    ...where.map((w) => `| where ${w}`),
    `| project ${COLUMNS.join(', ')}`,
    '| order by Timestamp desc',
    `| take ${MAX_DELIVERIES + 1}`,
  ].join('\n');
}

/** The rows as deliveries, one per (message, recipient), newest first; `truncated` when the cap was hit. */
export function deliveriesOf(answer: HuntingQueryResults): { deliveries: EmailDelivery[]; truncated: boolean } {
  const seen = new Set<string>();
  const deliveries: EmailDelivery[] = [];
  for (const raw of answer.results.slice(0, MAX_DELIVERIES)) {
    const r = raw as unknown as EmailEventRow;
    const mailbox = r.RecipientEmailAddress?.trim().toLowerCase();
    if (!r.NetworkMessageId || !mailbox) continue;
    const key = `${r.NetworkMessageId}\n${mailbox}`;
    if (seen.has(key)) continue;
    seen.add(key);
    deliveries.push({
      networkMessageId: r.NetworkMessageId,
      internetMessageId: r.InternetMessageId || null,
      mailbox,
      sender: r.SenderFromAddress?.trim().toLowerCase() || null,
      subject: r.Subject ?? null,
      receivedAt: new Date(r.Timestamp).toISOString(),
      location: r.LatestDeliveryLocation || r.DeliveryLocation || null,
    });
  }
  return { deliveries, truncated: answer.results.length > MAX_DELIVERIES };
}
