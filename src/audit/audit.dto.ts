import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_ACTOR_KINDS } from '../domain/audit.js';
import { component, instant } from '../http/api-schemas.js';
import type { AuditRecord } from './audit.store.js';

/** Response bodies of /api/v1/audit. */

export const auditEntrySchema = component(
  'AuditEntry',
  z.object({
    seq: z.number().int().positive().describe('Position in the hash chain'),
    at: instant,
    actor: z.object({
      kind: z.enum(AUDIT_ACTOR_KINDS),
      id: z.string().nullable().describe("The key's id or the person's subject; null for the system"),
      name: z.string(),
      issuer: z.string().nullable().describe('The identity provider of a person'),
      email: z.string().nullable(),
    }),
    source: z.object({ ip: z.string().nullable(), userAgent: z.string().nullable() }),
    action: z.enum(AUDIT_ACTIONS),
    target: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
    before: z.unknown().describe('The changed state before (secrets redacted); null when nothing existed'),
    after: z.unknown().describe('The changed state after (secrets redacted); null when nothing remains'),
    prevHash: z.string().describe('The hash of the entry before this one'),
    hash: z.string().describe("SHA-256 over this entry's canonical form and prevHash"),
  }),
  'One entry of the append-only, hash-chained audit log',
);
export type AuditEntryView = z.output<typeof auditEntrySchema>;

export const auditPageSchema = component('AuditPage', z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() }));

export const mapAudit = (r: AuditRecord): AuditEntryView => r;
