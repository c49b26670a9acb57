import { z } from 'zod';
import { issuesText } from '../domain/issues.js';
import { INDICATOR_TYPES, INDICATOR_VERDICTS, type IndicatorType, type IndicatorVerdict, normaliseIndicator } from './indicator-values.js';

/** One indicator as the API takes it; `value` comes out normalised (the form it is stored and matched in). */
export const indicatorSchema = z
  .strictObject({
    type: z.enum(INDICATOR_TYPES),
    value: z.string().trim().min(1).max(4096),
    verdict: z.enum(INDICATOR_VERDICTS),
    source: z.string().trim().min(1).max(128).optional(),
    description: z.string().trim().max(2048).optional(),
  })
  .transform((v, ctx) => {
    const n = normaliseIndicator(v.type, v.value);
    if ('error' in n) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: n.error });
      return z.NEVER;
    }
    return { ...v, value: n.value };
  });
export type IndicatorInput = z.output<typeof indicatorSchema>;

export const MAX_IMPORT = 10_000;

export interface ImportError {
  line?: number;
  index?: number;
  message: string;
}
export interface ParsedImport {
  rows: IndicatorInput[];
  skipped: number;
  errors: ImportError[];
}

// ---- STIX 2.1 -------------------------------------------------------------------------------

export const stixBundleSchema = z.looseObject({
  type: z.literal('bundle', { error: 'must be "bundle"' }),
  objects: z.array(z.looseObject({ type: z.string() })).max(MAX_IMPORT),
});

const stixIndicatorSchema = z.looseObject({
  pattern: z.string({ error: 'an indicator needs a pattern' }).max(65_536),
  pattern_type: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  labels: z.array(z.string()).optional(),
  indicator_types: z.array(z.string()).optional(),
  created_by_ref: z.string().optional(),
  revoked: z.boolean().optional(),
});
type StixIndicator = z.output<typeof stixIndicatorSchema>;

/** `object-type:property path` of a comparison → our indicator type (anything else is not ours to store). */
function observableType(object: string, property: string): IndicatorType | undefined {
  const prop = property.replace(/\s+/g, '').toLowerCase();
  if (object === 'file') {
    const algorithm = /^hashes\.'?([a-z0-9-]+)'?$/.exec(prop)?.[1]?.replace('-', '');
    return algorithm === 'sha256' || algorithm === 'sha1' || algorithm === 'md5' ? algorithm : undefined;
  }
  if (prop !== 'value') return undefined;
  return ({ url: 'url', 'ipv4-addr': 'ip', 'ipv6-addr': 'ip', 'domain-name': 'domain' } as const)[object as 'url'];
}

/** Every `object:path = 'literal'` comparison in a STIX pattern (`[a = 'x' OR b = 'y']`). */
function comparisons(pattern: string): { type?: IndicatorType; value: string }[] {
  const re = /([a-z0-9-]+):((?:[a-z0-9_]+|'[^']*')(?:\.(?:[a-z0-9_]+|'[^']*'))*)\s*=\s*'((?:[^'\\]|\\.)*)'/gi;
  return [...pattern.matchAll(re)].map(([, object, property, literal]) => ({
    type: observableType(object.toLowerCase(), property),
    value: literal.replace(/\\(['\\])/g, '$1'),
  }));
}

/** STIX vocabularies (indicator_types in 2.1, labels in 2.0) → a verdict; the worst one wins. */
function stixVerdict(ind: StixIndicator): IndicatorVerdict {
  const kinds = new Set([...(ind.labels ?? []), ...(ind.indicator_types ?? [])].map((k) => k.toLowerCase()));
  if (kinds.has('malicious-activity')) return 'malicious';
  if (kinds.has('anomalous-activity')) return 'suspicious';
  if (kinds.has('benign')) return 'clean';
  return 'malicious';
}

function stixRows(ind: StixIndicator, source: string): { rows: IndicatorInput[]; errors: string[] } {
  const supported = comparisons(ind.pattern).filter((c) => c.type);
  const rows: IndicatorInput[] = [];
  const errors: string[] = [];
  for (const c of supported) {
    const parsed = indicatorSchema.safeParse({
      type: c.type,
      value: c.value,
      verdict: stixVerdict(ind),
      source,
      description: (ind.name ?? ind.description)?.slice(0, 2048),
    });
    if (parsed.success) rows.push(parsed.data);
    else errors.push(`${c.type} '${c.value.slice(0, 100)}': ${issuesText(parsed.error)}`);
  }
  return { rows, errors };
}

/**
 * Indicators of a STIX 2.1 bundle. Objects that are not indicators, revoked indicators, and patterns
 * with no comparison we can store (e.g. process names) are skipped; bad values are reported by index.
 */
export function parseStix(bundle: z.output<typeof stixBundleSchema>): ParsedImport {
  const identities = new Map(
    bundle.objects.filter((o) => o.type === 'identity' && typeof o.name === 'string').map((o) => [o.id, o.name as string]),
  );
  const out: ParsedImport = { rows: [], skipped: 0, errors: [] };
  for (const [index, object] of bundle.objects.entries()) {
    const parsed = object.type === 'indicator' ? stixIndicatorSchema.safeParse(object) : undefined;
    if (parsed && !parsed.success) {
      out.errors.push({ index, message: issuesText(parsed.error) });
      continue;
    }
    const ind = parsed?.data;
    const usable = ind && !ind.revoked && (!ind.pattern_type || ind.pattern_type === 'stix');
    const { rows, errors } = usable
      ? stixRows(ind, (ind.created_by_ref && identities.get(ind.created_by_ref)) || 'stix')
      : { rows: [], errors: [] };
    if (!rows.length && !errors.length) out.skipped++;
    out.rows.push(...rows);
    out.errors.push(...errors.map((message) => ({ index, message })));
  }
  return out;
}

// ---- CSV ------------------------------------------------------------------------------------

/** RFC 4180 records with the line each starts on (quoted fields may hold commas, quotes and newlines). */
export function csvRecords(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0].trim() !== '') records.push({ line: start, fields });
    fields = [];
    field = '';
    start = line;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[++i];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n') endRecord();
    else if (c !== '\r') field += c;
  }
  if (field !== '' || fields.length) endRecord();
  return records;
}

const CSV_COLUMNS = ['type', 'value', 'verdict', 'source', 'description'] as const;
const REQUIRED_COLUMNS = ['type', 'value', 'verdict'];

/** The column layout of the header, or why it is unusable (a request-level error). */
export function csvHeader(fields: string[]): { columns: string[] } | { error: string } {
  const columns = fields.map((f) => f.trim().toLowerCase());
  const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (unknown.length || missing.length) {
    return {
      error: `the header must name the columns ${CSV_COLUMNS.join(',')} (type, value and verdict required)${missing.length ? `; missing ${missing.join(', ')}` : ''}${unknown.length ? `; unknown ${unknown.join(', ')}` : ''}`,
    };
  }
  return { columns };
}

export function parseCsvRows(records: { line: number; fields: string[] }[], columns: string[]): ParsedImport {
  const out: ParsedImport = { rows: [], skipped: 0, errors: [] };
  for (const { line, fields } of records) {
    if (fields.length > columns.length) {
      out.errors.push({ line, message: `has ${fields.length} fields, the header names ${columns.length}` });
      continue;
    }
    const row = Object.fromEntries(columns.map((c, i) => [c, fields[i]?.trim() || undefined]));
    const parsed = indicatorSchema.safeParse({ ...row, source: row.source ?? 'csv' });
    if (parsed.success) out.rows.push(parsed.data);
    else out.errors.push({ line, message: issuesText(parsed.error) });
  }
  return out;
}
