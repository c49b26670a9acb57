import type { Classification } from '../../domain/incident.js';

/**
 * What an analyst changed on a Quell incident that a vendor should hold too, in Quell's
 * vocabulary (src/domain): only the fields that changed are present. A writer maps it to its
 * vendor's words.
 */
export interface WritebackChange {
  status?: 'active' | 'in_progress' | 'resolved';
  classification?: Classification | null;
  determination?: string | null;
  assignedTo?: string | null;
}

/**
 * What one write to one vendor object did, with the vendor's last-update time after it:
 * `written` (one PATCH sent), `unchanged` (the vendor already held the change; nothing sent),
 * `conflict` (the vendor changed the object after Quell last saw it; nothing sent, and what the
 * vendor holds is returned so it can be recorded).
 */
export type VendorWriteResult =
  | { outcome: 'written' | 'unchanged'; lastUpdate: string | null }
  | { outcome: 'conflict'; lastUpdate: string | null; vendor: Record<string, unknown> };

/**
 * A detector's API that takes analysts' decisions back (write-back). A source whose alerts can be
 * written back implements this and is registered for its alerts' format in the
 * `WritebackRegistry`. `expectedLastUpdate` is the vendor's last-update time of the object as Quell
 * last saw it (null: unknown); a newer one at the vendor is a conflict, never overwritten.
 * Implementations send at most one update per call and, asked again after it landed, answer
 * `unchanged`, so a retried activity never writes twice.
 */
export interface VendorAlertWriter {
  /** Its name in logs and write-back records. */
  readonly name: string;
  updateAlert(externalId: string, change: WritebackChange, expectedLastUpdate: string | null): Promise<VendorWriteResult>;
  /** The vendor's incident an alert belongs to, read from the alert's stored payload; undefined when it has none. */
  incidentOf?(raw: unknown): string | undefined;
  updateIncident?(incidentId: string, change: WritebackChange, expectedLastUpdate: string | null): Promise<VendorWriteResult>;
}
