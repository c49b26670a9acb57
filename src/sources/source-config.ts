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
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
const common = {
  name: z.string().regex(SOURCE_NAME, 'expected lower-case letters, digits and dashes (at most 63)'),
  tenantId: z.string().regex(/^[\w.-]+$/, 'expected a tenant id (GUID) or domain'),
  clientId: z.string().min(1),
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
/** The source schema with its credential given as `secret`: one definition for the file and the API. */
function sourceSchemaWith<S extends z.core.$ZodLooseShape>(secret: S) {
  return z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('graph_alerts'),
      ...common,
      ...secret,
      apiUrl: http.default('https://graph.microsoft.com'),
      pageSize: z.number().int().min(1).max(2000).default(500),
    }),
    z.strictObject({
      kind: z.literal('defender_incidents'),
      ...common,
      ...secret,
      apiUrl: http.default('https://graph.microsoft.com'),
      pageSize: z.number().int().min(1).max(50).default(50),
      /** Alerts of one Defender incident join one Quell incident (a correlation key of their own, named in the reason). */
      useVendorGrouping: z.boolean().default(false),
    }),
    z.strictObject({
      kind: z.literal('sentinel'),
      ...common,
      ...secret,
      apiUrl: http.default('https://api.loganalytics.io'),
      workspaceId: z.uuid(),
      pageSize: z.number().int().min(1).max(10_000).default(500),
    }),
  ]);
}
const sourceSchema = sourceSchemaWith({
  clientSecretVar: z.string().regex(ENV_NAME, 'expected the name of an environment variable, such as GRAPH_SOURCE_SECRET'),
});
const fileSchema = z.strictObject({ sources: z.array(sourceSchema).max(100) });

/**
 * A secret reference: `env:NAME` (an environment variable of the worker) or `file:/path` (a secret
 * file it can read). Resolved when the source runs, never stored resolved.
 */
export const secretReference = z
  .string()
  .max(1024)
  .refine((v) => /^env:[A-Z][A-Z0-9_]*$/.test(v) || /^file:\/\S+$/.test(v), {
    message: 'expected a secret reference, env:NAME or file:/path (a secret value itself is not accepted)',
  });
/** A source created through the API: the file's definition with a reference to its client secret. */
export const apiSourceSchema = sourceSchemaWith({ clientSecret: secretReference });
export type ApiSourceSettings = z.output<typeof apiSourceSchema>;

type Parsed = z.output<typeof sourceSchema> | ApiSourceSettings;
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

/** Checks a source's URLs and builds its configuration; `clientSecret` is called only when the source signs in. */
export function toSourceConfig(s: Parsed, problems: string[], clientSecret: () => string): SourceConfig {
  if (s.allowInsecureHttp === false) {
    for (const [field, url] of [
      ['apiUrl', s.apiUrl],
      ['loginUrl', s.loginUrl],
    ] as const)
      if (url.startsWith('http:'))
        problems.push(`SOURCES_CONFIG ${s.name}.${field}: must be https (allowInsecureHttp is for a local test double only)`);
  }
  const common: Common = {
    name: s.name,
    registration: {
      tenantId: s.tenantId,
      clientId: s.clientId,
      clientSecret,
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
  return parsed.data.sources.flatMap((s) => {
    const value = secret(s.clientSecretVar);
    return value ? [toSourceConfig(s, problems, () => value)] : [];
  });
}

/** The value behind a secret reference, or why there is none (never the value in the reason). */
export function resolveSecretReference(ref: string): { value: string } | { problem: string } {
  if (ref.startsWith('env:')) {
    const name = ref.slice(4);
    const value = process.env[name]?.trim();
    return value ? { value } : { problem: `the environment variable ${name} is not set` };
  }
  const path = ref.slice(5);
  try {
    const value = readFileSync(path, 'utf8').trim();
    return value ? { value } : { problem: `the file ${path} is empty` };
  } catch (err) {
    return { problem: `the file ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}

/** The configuration of a source created through the API; its secret reference is resolved each time it signs in. */
export function apiSourceConfig(settings: ApiSourceSettings): SourceConfig {
  return toSourceConfig(settings, [], () => {
    const secret = resolveSecretReference(settings.clientSecret);
    if ('problem' in secret) throw new Error(`the client secret cannot be read: ${secret.problem}`);
    return secret.value;
  });
}

/** Where a source's cursor starts when it is first seen. */
export function initialCursor(source: SourceConfig, now = Date.now()): Date {
  return source.startAt ? new Date(source.startAt) : new Date(now - 24 * 3600_000);
}
