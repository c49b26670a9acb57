import { cleanText, IDENTIFIERS, type Severity } from '../../domain/alert.js';
import { AdapterError, type AdapterIssue, toIsoTime } from './adapter.js';

/** Small helpers shared by the vendor adapters: reading loosely typed payloads and building native entities. */

export type Json = Record<string, unknown>;
export type Path = (string | number)[];

export const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const record = (v: unknown): Json => (isRecord(v) ? v : {});

/** Trimmed text without zero-width padding; numbers become text (vendors send ids both ways); empty → undefined. */
export function str(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  return cleanText(v) || undefined;
}

export const strings = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).map(str).filter((s): s is string => s !== undefined);

export function nonNegativeInt(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

const HASH_LENGTHS = { md5: 32, sha1: 40, sha256: 64 } as const;
export type HashAlgorithm = keyof typeof HASH_LENGTHS;
export const isHashAlgorithm = (s: string | undefined): s is HashAlgorithm => s !== undefined && Object.hasOwn(HASH_LENGTHS, s);

/** A malformed hash is dropped rather than failing the alert: the other identifiers are still useful. */
export function hash(v: unknown, algorithm: HashAlgorithm): string | undefined {
  const s = str(v);
  return s && new RegExp(`^[0-9a-fA-F]{${HASH_LENGTHS[algorithm]}}$`).test(s) ? s.toLowerCase() : undefined;
}

export const looksLikeUpn = (s: string | undefined): s is string => !!s && /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(s);

export function uniqueTechniques(values: unknown[]): string[] | undefined {
  const ids = values.map((v) => str(v)?.toUpperCase()).filter((v): v is string => !!v && /^T\d{4}(\.\d{3})?$/.test(v));
  return ids.length ? [...new Set(ids)].slice(0, 100) : undefined;
}

/** Collects problems so that one error reports every bad field of a payload at once. */
export class Issues {
  private readonly list: AdapterIssue[] = [];

  add(path: Path, message: string): undefined {
    this.list.push({ path, message });
    return undefined;
  }

  required(v: unknown, path: Path): string | undefined {
    return str(v) ?? this.add(path, 'is required and must be a non-empty string');
  }

  time(v: unknown, path: Path): string | undefined {
    if (v === undefined || v === null || v === '') return undefined;
    return toIsoTime(v) ?? this.add(path, 'must be an ISO 8601 time or epoch milliseconds');
  }

  /** Absent or null → []; anything else that is not an array of objects is an error. */
  objects(v: unknown, path: Path): Json[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) return this.add(path, 'must be an array') ?? [];
    v.forEach((item, i) => {
      if (!isRecord(item)) this.add([...path, i], 'must be an object');
    });
    return v.filter(isRecord);
  }

  throwIfAny(): void {
    if (this.list.length) throw new AdapterError(this.list);
  }
}

export function requireObject(input: unknown, what: string): Json {
  if (!isRecord(input)) throw new AdapterError([{ path: [], message: `expected ${what} object` }]);
  return input;
}

const SEVERITY_WORDS: Record<string, Severity> = {
  informational: 'informational',
  info: 'informational',
  low: 'low',
  medium: 'medium',
  moderate: 'medium',
  high: 'high',
  critical: 'high',
  fatal: 'high',
};

/** `High`, `HIGH`, ` high ` → `high`; vendors above our top level (critical, fatal) fold into it. */
export const severityWord = (v: unknown): Severity | undefined => SEVERITY_WORDS[str(v)?.toLowerCase() ?? ''];

export function roles(v: unknown): string[] | undefined {
  const out = [
    ...new Set(
      strings(v)
        .map((r) => r.toLowerCase())
        .filter((r) => r.length <= 64),
    ),
  ].slice(0, 10);
  return out.length ? out : undefined;
}

/** Drops empty fields and returns undefined when none of the type's identifying fields is left. */
/** A cloud app: the native schema requires a name even when the app id alone identifies the app. */
export const cloudAppEntity = (appId: string | undefined, name: string | undefined, fields: Json = {}): Json | undefined =>
  entity('cloudApp', { appId, name: name ?? appId, ...fields });

export function entity(type: string, fields: Json): Json | undefined {
  const e: Json = { type };
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    e[k] = v;
  }
  return (IDENTIFIERS[type] ?? []).some((k) => e[k] !== undefined) ? e : undefined;
}

/** Vendors repeat the same entity across evidence items; the native schema caps the list at 200. */
export function uniqueEntities(list: (Json | undefined)[]): Json[] {
  const seen = new Map<string, Json>();
  for (const e of list) {
    const key = JSON.stringify(e);
    if (e && !seen.has(key)) seen.set(key, e);
  }
  return [...seen.values()].slice(0, 200);
}

/** `C:\Windows\System32` + `cmd.exe` → `C:\Windows\System32\cmd.exe`, unless the path already names the file. */
export function joinPath(dir: string | undefined, name: string | undefined): string | undefined {
  if (!dir) return name;
  if (!name || dir.toLowerCase().endsWith(name.toLowerCase())) return dir;
  const sep = dir.includes('/') && !dir.includes('\\') ? '/' : '\\';
  return `${dir.replace(/[\\/]+$/, '')}${sep}${name}`;
}

/** Drops undefined values so that the mapped alert carries only what the vendor sent. */
export function compact(fields: Json): Json {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}
