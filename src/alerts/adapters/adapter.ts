/** A problem in a vendor payload, at a path inside that payload. */
export interface AdapterIssue {
  path: (string | number)[];
  message: string;
}

export class AdapterError extends Error {
  constructor(readonly issues: AdapterIssue[]) {
    super(issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    this.name = 'AdapterError';
  }
}

/**
 * Maps one vendor alert into the native alert shape (see src/domain/alert.ts). The result is
 * validated by the native schema afterwards; the adapter keeps the original payload as `raw`.
 */
export type AlertAdapter = (input: unknown) => Record<string, unknown>;

/** Enum spellings differ between vendors and API versions: `TruePositive`, `truePositive`, `true_positive`. */
export function looseEnum(value: unknown): string {
  return String(value ?? '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/[\s-]+/g, '_')
    .toLowerCase();
}

/** Epoch milliseconds (number or numeric string), ISO text, or Sentinel's `2024-06-26 15:49:16.784267+00:00`. */
export function toIsoTime(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{10,}$/.test(value))) {
    const n = Number(value);
    return new Date(n < 1e12 ? n * 1000 : n).toISOString();
  }
  if (typeof value === 'string') {
    let s = value.trim().replace(' ', 'T');
    // JavaScript dates carry milliseconds; trim finer fractions.
    s = s.replace(/(\.\d{3})\d+/, '$1');
    if (!/[zZ]|[+-]\d{2}:?\d{2}$/.test(s)) s += 'Z';
    const d = new Date(s);
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  return undefined;
}
