import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { AppRegistration } from '../config/config.js';
import { SOURCE_NAME } from '../domain/source.js';

/**
 * `SOURCES_CONFIG`: the pull sources, as inline JSON or a JSON/YAML file. Credentials are never in
 * the file: `clientSecretVar` names an environment variable, read as `NAME` or `NAME_FILE`.
 */
const http = z.url({ protocol: /^https?$/ });
const common = {
  name: z.string().regex(SOURCE_NAME, 'expected lower-case letters, digits and dashes (at most 63)'),
  tenantId: z.string().regex(/^[\w.-]+$/, 'expected a tenant id (GUID) or domain'),
  clientId: z.string().min(1),
  clientSecretVar: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected the name of an environment variable, such as GRAPH_SOURCE_SECRET'),
  loginUrl: http.default('https://login.microsoftonline.com'),
  allowInsecureHttp: z.boolean().default(false),
  requestTimeoutSeconds: z.number().positive().max(120).default(30),
  /** Time between polls once a source has caught up. */
  intervalSeconds: z.number().min(1).max(86_400).default(60),
  /** How far back each poll reaches before the cursor: late-indexed alerts and equal timestamps are not skipped. */
  overlapSeconds: z.number().min(0).max(86_400).default(120),
  /** Where a new source's cursor starts (default: a day before its first poll). */
  startAt: z.iso.datetime({ offset: true }).optional(),
};
const sourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('graph_alerts'),
    ...common,
    apiUrl: http.default('https://graph.microsoft.com'),
    pageSize: z.number().int().min(1).max(2000).default(500),
  }),
  z.strictObject({
    kind: z.literal('defender_incidents'),
    ...common,
    apiUrl: http.default('https://graph.microsoft.com'),
    pageSize: z.number().int().min(1).max(50).default(50),
    /** Alerts of one Defender incident join one Quell incident (a correlation key of their own, named in the reason). */
    useVendorGrouping: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal('sentinel'),
    ...common,
    apiUrl: http.default('https://api.loganalytics.io'),
    workspaceId: z.uuid(),
    pageSize: z.number().int().min(1).max(10_000).default(500),
  }),
]);
const fileSchema = z.strictObject({ sources: z.array(sourceSchema).max(100) });

type Parsed = z.output<typeof sourceSchema>;
interface Common {
  name: string;
  registration: AppRegistration;
  intervalMs: number;
  overlapMs: number;
  pageSize: number;
  startAt?: string;
}
/** One configured source, its secret behind a function so printing the config never shows it. */
export type SourceConfig = Common &
  ({ kind: 'graph_alerts' } | { kind: 'defender_incidents'; useVendorGrouping: boolean } | { kind: 'sentinel'; workspaceId: string });

function readText(value: string): string {
  const trimmed = value.trim();
  return trimmed.startsWith('{') ? trimmed : readFileSync(value, 'utf8');
}

function resolve(s: Parsed, problems: string[], secret: (name: string) => string | undefined): SourceConfig | undefined {
  if (s.allowInsecureHttp === false) {
    for (const [field, url] of [
      ['apiUrl', s.apiUrl],
      ['loginUrl', s.loginUrl],
    ] as const)
      if (url.startsWith('http:'))
        problems.push(`SOURCES_CONFIG ${s.name}.${field}: must be https (allowInsecureHttp is for a local test double only)`);
  }
  const value = secret(s.clientSecretVar);
  if (!value) return undefined;
  const common: Common = {
    name: s.name,
    registration: {
      tenantId: s.tenantId,
      clientId: s.clientId,
      clientSecret: () => value,
      apiUrl: s.apiUrl.replace(/\/+$/, ''),
      loginUrl: s.loginUrl.replace(/\/+$/, ''),
      allowInsecureHttp: s.allowInsecureHttp,
      requestTimeoutMs: s.requestTimeoutSeconds * 1000,
    },
    intervalMs: s.intervalSeconds * 1000,
    overlapMs: s.overlapSeconds * 1000,
    pageSize: s.pageSize,
    startAt: s.startAt,
  };
  switch (s.kind) {
    case 'graph_alerts':
      return { ...common, kind: s.kind };
    case 'defender_incidents':
      return { ...common, kind: s.kind, useVendorGrouping: s.useVendorGrouping };
    case 'sentinel':
      return { ...common, kind: s.kind, workspaceId: s.workspaceId };
  }
}

/**
 * The configured sources; each problem (file, field, missing secret) is added to `problems`,
 * never a secret's value. `secret(NAME)` reads NAME or NAME_FILE.
 */
export function loadSources(value: string | undefined, problems: string[], secret: (name: string) => string | undefined): SourceConfig[] {
  if (!value) return [];
  let data: unknown;
  try {
    data = parseYaml(readText(value));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.push(
      `SOURCES_CONFIG: ${code ? `cannot be read (${code})` : `not valid JSON or YAML (${(err as Error).message.split('\n')[0]})`}`,
    );
    return [];
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    for (const i of parsed.error.issues) problems.push(`SOURCES_CONFIG ${i.path.join('.') || '(root)'}: ${i.message}`);
    return [];
  }
  const seen = new Set<string>();
  for (const s of parsed.data.sources) {
    if (seen.has(s.name)) problems.push(`SOURCES_CONFIG ${s.name}: the name is used twice`);
    seen.add(s.name);
  }
  return parsed.data.sources.flatMap((s) => resolve(s, problems, secret) ?? []);
}

/** Where a source's cursor starts when it is first seen. */
export function initialCursor(source: SourceConfig, now = Date.now()): Date {
  return source.startAt ? new Date(source.startAt) : new Date(now - 24 * 3600_000);
}
