import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseSigningKey } from '../connectors/signing-key.js';
import { WRITABLE_FORMATS, type WritableFormat } from '../domain/alert-sync.js';
import { CATALOG_FUNCTIONS, type CatalogFunction } from '../domain/catalog.js';
import { loadSources, type SourceConfig } from '../sources/source-config.js';
import type { KeyPolicy } from '../correlation/keys.js';
import { ROLES, type Role } from '../auth/roles.js';
import type { TracingConfig } from '../infra/tracing.js';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number().int().min(0).max(65535);
/** Committed alerts a worker's dispatcher claims per transaction. */
export const ALERT_CLAIM = 100;
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Size strings such as `1mb`, `512kb` or a plain byte count. */
const byteSize = z
  .string()
  .regex(/^\d+(b|kb|mb)?$/i, 'expected a size such as 1048576, 512kb or 1mb')
  .transform((v) => {
    const m = /^(\d+)(b|kb|mb)?$/i.exec(v)!;
    const unit = (m[2] ?? 'b').toLowerCase();
    return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
  });

/** Express's `trust proxy`: off, on, a hop count, or a comma list of proxy addresses/subnets. */
const trustProxy = z.string().transform((v): boolean | number | string[] => {
  if (/^(false|0|no)$/i.test(v)) return false;
  if (/^(true|yes)$/i.test(v)) return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
});

/**
 * Which connector answers which catalog function: a JSON object (`{"device.info":"mde"}`) or a
 * comma list (`device.info=mde,file.reputation=mde`). Whether the connector exists is checked when a
 * function runs: an unconfigured one answers `{ available: false, reason }`.
 */
const catalogRoutes = z.string().transform((v, ctx) => {
  let pairs: [string, unknown][];
  if (v.trim().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      pairs = Object.entries(parsed);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON object of function → connector, or fn=connector,…' });
      return z.NEVER;
    }
  } else {
    pairs = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        const at = s.indexOf('=');
        return at < 0 ? [s, undefined] : [s.slice(0, at).trim(), s.slice(at + 1).trim()];
      });
  }
  const routes: Partial<Record<CatalogFunction, string>> = {};
  for (const [fn, connector] of pairs) {
    if (!(CATALOG_FUNCTIONS as string[]).includes(fn))
      ctx.addIssue({ code: 'custom', message: `'${fn}' is not a catalog function (${CATALOG_FUNCTIONS.join(', ')})` });
    else if (typeof connector !== 'string' || !/^[a-z][\w-]*$/i.test(connector))
      ctx.addIssue({ code: 'custom', message: `${fn}: expected a connector name such as lab, mde or quell` });
    else routes[fn as CatalogFunction] = connector;
  }
  return routes;
});

/**
 * Every environment variable Quell reads, with its default. The README's configuration table
 * is written from this list; keep the two together.
 */
export const envSchema = z.object({
  QUELL_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  QUELL_DATA_DIR: z.string().min(1).default('.quell'),
  BODY_LIMIT: byteSize.default(1024 * 1024),
  TRUST_PROXY: trustProxy.default(false),
  AUTH_FAILURE_LIMIT: z.coerce.number().int().min(0).default(20),
  INGEST_RATE_LIMIT: z.coerce.number().int().min(0).default(1000),
  ALERT_BACKLOG_LIMIT: z.coerce.number().int().min(0).default(100_000),
  ALERT_DISPATCH_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  ALERT_BATCH_FROM: z.coerce.number().int().min(2).max(ALERT_CLAIM).default(ALERT_CLAIM),
  ALERT_BATCH_SIZE: z.coerce.number().int().min(1).max(ALERT_CLAIM).default(25),
  ALERT_DISPATCH_AHEAD: z.coerce.number().int().min(ALERT_CLAIM).default(2000),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_PORT: port.optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  EMBEDDED_PG_PORT: port.default(54329),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^:\s]+:\d+$/, 'expected host:port')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('quell'),
  TEMPORAL_TLS: bool.default(false),
  TEMPORAL_TLS_CERT: z.string().optional(),
  TEMPORAL_TLS_KEY: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_CLI: z.string().optional(),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  QUELL_WORKFLOW_BUNDLE: z.string().optional(),
  PLAYBOOKS_DIR: z.string().min(1).default('playbooks'),
  HTTP_CONNECTOR_CONFIG: z.string().optional(),
  SOURCES_CONFIG: z.string().optional(),
  CATALOG_CONNECTORS: catalogRoutes.default({}),
  MDE_TENANT_ID: z
    .string()
    .regex(/^[\w.-]+$/, 'expected a tenant id (GUID) or domain')
    .optional(),
  MDE_CLIENT_ID: z.string().min(1).optional(),
  MDE_CLIENT_SECRET: z.string().min(1).optional(),
  MDE_CLIENT_SECRET_FILE: z.string().min(1).optional(),
  MDE_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.securitycenter.microsoft.com'),
  MDE_LOGIN_URL: z.url({ protocol: /^https?$/ }).default('https://login.microsoftonline.com'),
  MDE_ALLOW_INSECURE_HTTP: bool.default(false),
  MDE_REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().max(120).default(10),
  MDE_FOLLOW_SECONDS: z.coerce.number().positive().max(540).default(60),
  ENTRA_TENANT_ID: z
    .string()
    .regex(/^[\w.-]+$/, 'expected a tenant id (GUID) or domain')
    .optional(),
  ENTRA_CLIENT_ID: z.string().min(1).optional(),
  ENTRA_CLIENT_SECRET: z.string().min(1).optional(),
  ENTRA_CLIENT_SECRET_FILE: z.string().min(1).optional(),
  GRAPH_API_URL: z.url({ protocol: /^https?$/ }).default('https://graph.microsoft.com'),
  ENTRA_LOGIN_URL: z.url({ protocol: /^https?$/ }).default('https://login.microsoftonline.com'),
  ENTRA_ALLOW_INSECURE_HTTP: bool.default(false),
  ENTRA_REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().max(120).default(10),
  EXCHANGE_TENANT_ID: z
    .string()
    .regex(/^[\w.-]+$/, 'expected a tenant id (GUID) or domain')
    .optional(),
  EXCHANGE_CLIENT_ID: z.string().min(1).optional(),
  EXCHANGE_CLIENT_SECRET: z.string().min(1).optional(),
  EXCHANGE_CLIENT_SECRET_FILE: z.string().min(1).optional(),
  EXCHANGE_LOGIN_URL: z.url({ protocol: /^https?$/ }).default('https://login.microsoftonline.com'),
  EXCHANGE_ALLOW_INSECURE_HTTP: bool.default(false),
  EXCHANGE_REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().max(120).default(10),
  FALCON_CLIENT_ID: z.string().min(1).optional(),
  FALCON_CLIENT_SECRET: z.string().min(1).optional(),
  FALCON_CLIENT_SECRET_FILE: z.string().min(1).optional(),
  FALCON_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.crowdstrike.com'),
  FALCON_ALLOW_INSECURE_HTTP: bool.default(false),
  FALCON_REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().max(120).default(10),
  FALCON_FOLLOW_SECONDS: z.coerce.number().positive().max(540).default(60),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET_FILE: z.string().min(1).optional(),
  SLACK_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  SLACK_ALLOW_INSECURE_HTTP: bool.default(false),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_BOT_TOKEN_FILE: z.string().min(1).optional(),
  SLACK_CHANNEL: z
    .string()
    .regex(/^[A-Z0-9]{2,32}$/, 'expected a channel id such as C0123ABCD (chat.update takes ids, not names)')
    .optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).default('https://slack.com/api'),
  TEAMS_APP_ID: z.string().min(1).optional(),
  TEAMS_OPENID_METADATA_URL: z.url({ protocol: /^https?$/ }).default('https://login.botframework.com/v1/.well-known/openidconfiguration'),
  TEAMS_ALLOW_INSECURE_HTTP: bool.default(false),
  TEAMS_APP_PASSWORD: z.string().min(1).optional(),
  TEAMS_APP_PASSWORD_FILE: z.string().min(1).optional(),
  TEAMS_SERVICE_URL: z.url({ protocol: /^https?$/ }).optional(),
  TEAMS_CONVERSATION_ID: z.string().min(1).max(512).optional(),
  TEAMS_TOKEN_URL: z.url({ protocol: /^https?$/ }).default('https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token'),
  CHAT_USERS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return {};
      const parsed = chatUsersSchema.safeParse(safeJson(v));
      if (parsed.success) return parsed.data;
      ctx.addIssue({
        code: 'custom',
        message: 'expected a JSON object of "slack:<user id>" or "teams:<AAD object id>" to the name of an API key',
      });
      return z.NEVER;
    }),
  OKTA_ORG_URL: z.url({ protocol: /^https?$/ }).optional(),
  OKTA_CLIENT_ID: z.string().min(1).optional(),
  OKTA_PRIVATE_KEY: z.string().min(1).optional(),
  OKTA_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  OKTA_KEY_ID: z.string().min(1).optional(),
  OKTA_SCOPES: z
    .string()
    .regex(/^\s*okta\.[\w.]+(\s+okta\.[\w.]+)*\s*$/, 'expected space-separated Okta API scopes such as okta.users.read')
    .default('okta.users.read okta.users.manage okta.logs.read okta.roles.read'),
  OKTA_ALLOW_INSECURE_HTTP: bool.default(false),
  OKTA_REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().max(120).default(10),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(100),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(1).default(100),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(1500),
  INVESTIGATION_MAX_HISTORY_EVENTS: z.coerce.number().int().min(100).default(5000),
  ACTION_WAIT_SECONDS: z.coerce.number().min(0).max(600).default(30),
  CORRELATION_WINDOW_HOURS: z.coerce.number().positive().default(6),
  CORRELATION_PREVALENCE_LIMIT: z.coerce.number().int().min(1).default(20),
  CORRELATION_MERGE_CAP: z.coerce.number().int().min(2).default(1000),
  CORRELATION_IGNORE: list.default([]),
  CORRELATION_DISABLED_ENTITY_TYPES: list.default([]),
  CORRELATION_WEAK_LINK_PROXIMITY_MINUTES: z.coerce.number().positive().default(120),
  CORRELATION_ESTATE_LIMIT: z.coerce.number().int().min(2).default(3),
  CORRELATION_ESTATE_LOOKBACK_DAYS: z.coerce.number().positive().default(7),
  ALERT_WRITEBACK: list.default([]),
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET_FILE: z.string().min(1).optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  OIDC_REDIRECT_URI: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_SCOPES: z.string().min(1).default('openid profile email'),
  OIDC_ROLE_CLAIM: z
    .string()
    .regex(/^[\w:/.-]+$/, 'expected a claim name, or a dotted path such as realm_access.roles')
    .default('groups'),
  OIDC_ROLE_MAP: z.string().optional(),
  OIDC_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  OIDC_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(8),
  OIDC_PROVIDER_NAME: z.string().min(1).max(60).default('your identity provider'),
  OIDC_ALLOW_INSECURE_HTTP: bool.default(false),
  AUDIT_STREAM_URL: z.url({ protocol: /^https?$/ }).optional(),
  AUDIT_STREAM_TOKEN: z.string().min(1).optional(),
  AUDIT_STREAM_TOKEN_FILE: z.string().min(1).optional(),
  AUDIT_STREAM_ALLOW_INSECURE_HTTP: bool.default(false),
  AUDIT_STREAM_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  AUDIT_STREAM_RETRY_MAX_SECONDS: z.coerce.number().positive().max(3600).default(300),
  AUDIT_STREAM_TIMEOUT_SECONDS: z.coerce.number().positive().max(120).default(10),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  OTEL_SDK_DISABLED: bool.default(false),
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(0).max(600_000).default(5000),
});

export type Env = z.output<typeof envSchema>;

/** How Quell reaches a product through an app registration; the secret is a function, so printing the config never shows it. */
export interface AppRegistration {
  tenantId: string;
  clientId: string;
  clientSecret: () => string;
  apiUrl: string;
  loginUrl: string;
  allowInsecureHttp: boolean;
  requestTimeoutMs: number;
}

/** A Falcon API client (client id and secret) and the cloud it lives in; the secret is a function, as for an app registration. */
export interface FalconClient {
  clientId: string;
  clientSecret: () => string;
  apiUrl: string;
  allowInsecureHttp: boolean;
  requestTimeoutMs: number;
  followMs: number;
}

/** An Okta API service app: the org, its client id, and the private key it signs client assertions with (a function, never printed). */
export interface OktaServiceApp {
  orgUrl: string;
  clientId: string;
  privateKey: () => string;
  keyId: string;
  scopes: string[];
  allowInsecureHttp: boolean;
  requestTimeoutMs: number;
}

/**
 * Sign-in through the organisation's OpenID provider: bearer JWTs for the API, and the console's
 * authorization-code sign-in (with `redirectUri`). The client secret is a function, never printed.
 */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE alone). */
  clientSecret?: () => string;
  /** The `aud` an access token must carry to be accepted by the API. */
  audience: string;
  redirectUri?: string;
  scopes: string;
  /** Where the groups or roles are in a token: a claim name or a dotted path. */
  roleClaim: string;
  /** Group or role value → Quell role. */
  roleMap: Record<string, Role>;
  clockSkewSeconds: number;
  sessionMs: number;
  providerName: string;
  allowInsecureHttp: boolean;
}

export interface QuellConfig {
  role: Env['QUELL_ROLE'];
  http: { host: string; port: number; bodyLimit: number; trustProxy: boolean | number | string[] };
  /** Abuse limits: failed authentications per minute per address or key, alerts per second per ingest key (0 = off). */
  limits: { authFailuresPerMinute: number; ingestPerSecond: number };
  /**
   * Alerts committed but not yet correlated past which `POST /alerts` answers 429 (0 = off), and how
   * often the worker's dispatcher looks for committed alerts it was not notified of. A claim of at
   * least `batchFrom` alerts (a backlog) is correlated in batches of `batchSize` (1 = never).
   */
  alerts: { backlogLimit: number; dispatchPollMs: number; batchFrom: number; batchSize: number; dispatchAhead: number };
  /** A separate, key-less listener for /metrics when `port` is set. */
  metrics: { host: string; port?: number };
  /** OpenTelemetry traces over OTLP; absent (off) unless an endpoint is configured. */
  tracing?: TracingConfig;
  logLevel: Env['LOG_LEVEL'];
  dataDir: string;
  playbooksDir: string;
  httpConnectorConfig?: string;
  /** Catalog functions answered elsewhere than by default (lab for estate facts, `quell` for the rest). */
  catalogRoutes: Partial<Record<CatalogFunction, string>>;
  /** The Defender for Endpoint connector, when configured. */
  mde?: AppRegistration & { followMs: number };
  /** The Entra ID connector (Microsoft Graph), when configured. */
  entra?: AppRegistration;
  /** The Exchange Online connector (Microsoft Graph), when configured. */
  exchange?: AppRegistration;
  /** The CrowdStrike Falcon connector, when configured: an API client of one Falcon cloud. */
  falcon?: FalconClient;
  /** The Okta connector (an API service app with a private key), when configured. */
  okta?: OktaServiceApp;
  /** Approvals from chat: Slack's signing secret and incoming webhook, and who each chat user is in Quell. */
  chat: {
    slack?: {
      signingSecret: () => string;
      webhookUrl?: string;
      /** A bot token and a channel id: messages are posted with chat.postMessage and can be edited (chat.update) after a decision made anywhere. */
      bot?: { token: () => string; channel: string; apiUrl: string };
    };
    /** Teams through a Bot Framework bot: its app id (the tokens' audience) and where the signing keys are published. */
    teams?: {
      appId: string;
      openIdMetadataUrl: string;
      /** Proactive cards: the bot's password, the conversation pending actions are posted to, and where. */
      proactive?: { password: () => string; serviceUrl: string; conversationId: string; tokenUrl: string; allowInsecureHttp: boolean };
    };
    users: Record<string, string>;
  };
  /** Pull sources (SOURCES_CONFIG): detector APIs polled for alerts. */
  sources: SourceConfig[];
  /** OpenID Connect sign-in, when configured. */
  oidc?: OidcConfig;
  database: { url?: string; poolSize: number; embeddedPort: number };
  temporal: {
    address?: string;
    namespace: string;
    taskQueue: string;
    tls: boolean;
    tlsCertPath?: string;
    tlsKeyPath?: string;
    apiKey?: string;
    cliPath?: string;
    devPort: number;
    uiPort: number;
    workflowBundlePath?: string;
  };
  worker: { maxConcurrentActivities: number; maxConcurrentWorkflowTasks: number; maxCachedWorkflows: number };
  investigation: { maxHistoryEvents: number };
  /** How long an undo or retry request waits for the product's outcome before answering 202. */
  actions: { waitMs: number };
  /** Alert formats whose analysts' changes are written back to the vendor (opt-in; empty: none). */
  writeback: { formats: WritableFormat[] };
  /** The audit log's stream to a SIEM's HTTP receiver, when configured; the token is a function, so printing the config never shows it. */
  auditStream?: { url: string; token?: () => string; batchSize: number; retryMaxMs: number; timeoutMs: number };
  correlation: {
    windowMs: number;
    prevalenceLimit: number;
    mergeCap: number;
    ignore: string[];
    disabledEntityTypes: string[];
    /** From the settings saved through the API (see src/correlation/correlation-settings.ts); the environment sets neither. */
    disabledKeyTypes?: readonly string[];
    ignoreByType?: KeyPolicy['ignoreByType'];
    /** How weak links (addresses, files, apps, URLs) are weighed: see `judgeWeakLinks`. */
    weakLinks: { proximityMs: number; estateLimit: number; estateLookbackMs: number };
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The products Quell reaches through an app registration: each has `<prefix>_TENANT_ID`, `_CLIENT_ID`, … */
type AppPrefix = 'MDE' | 'ENTRA' | 'EXCHANGE';

/**
 * An app registration's client credentials (`<prefix>_TENANT_ID`, `_CLIENT_ID`, `_CLIENT_SECRET` or
 * `_CLIENT_SECRET_FILE`): none set means the connector is off; any set means all must be.
 */
/**
 * A secret given inline (`NAME`) or as a file (`NAME_FILE`), exactly one of them: its value, or
 * undefined with the problem named. Never the value in a problem.
 */
export function secretSetting(e: Record<string, unknown>, name: string, problems: string[]): string | undefined {
  const inline = e[name] as string | undefined;
  const file = e[`${name}_FILE`] as string | undefined;
  if (Boolean(inline) === Boolean(file)) {
    problems.push(`${name} or ${name}_FILE: set exactly one`);
    return inline;
  }
  if (inline) return inline;
  try {
    const secret = readFileSync(file!, 'utf8').trim();
    if (!secret) problems.push(`${name}_FILE: the file is empty`);
    return secret || undefined;
  } catch (err) {
    problems.push(`${name}_FILE: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
}

function clientCredentials(
  e: Env,
  prefix: AppPrefix,
  label: string,
  problems: string[],
): { tenantId: string; clientId: string; clientSecret: () => string } | undefined {
  const tenantId = e[`${prefix}_TENANT_ID`];
  const clientId = e[`${prefix}_CLIENT_ID`];
  if (!tenantId && !clientId && !e[`${prefix}_CLIENT_SECRET`] && !e[`${prefix}_CLIENT_SECRET_FILE`]) return undefined;
  if (!tenantId) problems.push(`${prefix}_TENANT_ID: required when the ${label} connector is configured`);
  if (!clientId) problems.push(`${prefix}_CLIENT_ID: required when the ${label} connector is configured`);
  const secret = secretSetting(e, `${prefix}_CLIENT_SECRET`, problems);
  if (!tenantId || !clientId || !secret) return undefined;
  return { tenantId, clientId, clientSecret: () => secret };
}

/** Chat user ids (`slack:U0123`) to the API key name they act as. */
const chatUsersSchema = z.record(
  z.string().regex(/^(slack:[A-Z0-9]+|teams:[0-9a-f-]{36})$/, 'expected slack:<user id> or teams:<AAD object id>'),
  z.string().min(1).max(256),
);

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Slack is on when its signing secret is set (inline or as a file); the webhook that receives the notifications is optional. */
function chatConfig(e: Env, problems: string[]): QuellConfig['chat'] {
  const users = e.CHAT_USERS;
  const teams = teamsConfig(e, problems);
  if (!e.SLACK_SIGNING_SECRET && !e.SLACK_SIGNING_SECRET_FILE) {
    if (e.SLACK_WEBHOOK_URL)
      problems.push('SLACK_WEBHOOK_URL: needs SLACK_SIGNING_SECRET or SLACK_SIGNING_SECRET_FILE (the buttons call back)');
    if (e.SLACK_BOT_TOKEN || e.SLACK_BOT_TOKEN_FILE || e.SLACK_CHANNEL)
      problems.push('SLACK_BOT_TOKEN, SLACK_CHANNEL: need SLACK_SIGNING_SECRET or SLACK_SIGNING_SECRET_FILE (the buttons call back)');
    return { teams, users };
  }
  const secret = secretSetting(e, 'SLACK_SIGNING_SECRET', problems);
  if (e.SLACK_WEBHOOK_URL)
    requireHttps({ SLACK_WEBHOOK_URL: e.SLACK_WEBHOOK_URL }, 'SLACK_ALLOW_INSECURE_HTTP', e.SLACK_ALLOW_INSECURE_HTTP, problems);
  let bot: NonNullable<QuellConfig['chat']['slack']>['bot'];
  if (e.SLACK_BOT_TOKEN || e.SLACK_BOT_TOKEN_FILE || e.SLACK_CHANNEL) {
    const token = secretSetting(e, 'SLACK_BOT_TOKEN', problems);
    if (!e.SLACK_CHANNEL) problems.push('SLACK_CHANNEL: required with SLACK_BOT_TOKEN (the channel id the bot posts to)');
    requireHttps({ SLACK_API_URL: e.SLACK_API_URL }, 'SLACK_ALLOW_INSECURE_HTTP', e.SLACK_ALLOW_INSECURE_HTTP, problems);
    if (token && e.SLACK_CHANNEL) bot = { token: () => token, channel: e.SLACK_CHANNEL, apiUrl: e.SLACK_API_URL.replace(/\/+$/, '') };
  }
  if (!secret) return { teams, users };
  return { slack: { signingSecret: () => secret, webhookUrl: e.SLACK_WEBHOOK_URL, ...(bot ? { bot } : {}) }, teams, users };
}

/** Teams is on with its app id; proactive cards when a conversation is named, and then the bot's password and service URL are needed. */
function teamsConfig(e: Env, problems: string[]): QuellConfig['chat']['teams'] {
  const proactiveSet = e.TEAMS_CONVERSATION_ID || e.TEAMS_SERVICE_URL || e.TEAMS_APP_PASSWORD || e.TEAMS_APP_PASSWORD_FILE;
  if (!e.TEAMS_APP_ID) {
    if (proactiveSet) problems.push('TEAMS_CONVERSATION_ID, TEAMS_SERVICE_URL, TEAMS_APP_PASSWORD: need TEAMS_APP_ID');
    return undefined;
  }
  const urls: Record<string, string> = { TEAMS_OPENID_METADATA_URL: e.TEAMS_OPENID_METADATA_URL };
  let proactive: NonNullable<QuellConfig['chat']['teams']>['proactive'];
  if (proactiveSet) {
    const password = secretSetting(e, 'TEAMS_APP_PASSWORD', problems);
    if (!e.TEAMS_SERVICE_URL) problems.push('TEAMS_SERVICE_URL: required for proactive cards (the serviceUrl of the conversation)');
    if (!e.TEAMS_CONVERSATION_ID) problems.push('TEAMS_CONVERSATION_ID: required for proactive cards (the conversation to post to)');
    if (e.TEAMS_SERVICE_URL) urls.TEAMS_SERVICE_URL = e.TEAMS_SERVICE_URL;
    urls.TEAMS_TOKEN_URL = e.TEAMS_TOKEN_URL;
    if (password && e.TEAMS_SERVICE_URL && e.TEAMS_CONVERSATION_ID)
      proactive = {
        password: () => password,
        serviceUrl: e.TEAMS_SERVICE_URL.replace(/\/+$/, ''),
        conversationId: e.TEAMS_CONVERSATION_ID,
        tokenUrl: e.TEAMS_TOKEN_URL,
        allowInsecureHttp: e.TEAMS_ALLOW_INSECURE_HTTP,
      };
  }
  requireHttps(urls, 'TEAMS_ALLOW_INSECURE_HTTP', e.TEAMS_ALLOW_INSECURE_HTTP, problems);
  return { appId: e.TEAMS_APP_ID, openIdMetadataUrl: e.TEAMS_OPENID_METADATA_URL, ...(proactive ? { proactive } : {}) };
}

/** http:// endpoints only with the insecure flag, which exists for local test doubles. */
function requireHttps(urls: Record<string, string>, flag: string, allowed: boolean, problems: string[]): void {
  for (const [name, url] of Object.entries(urls)) {
    if (url.startsWith('http:') && !allowed) problems.push(`${name}: must be https (${flag}=true is for a local test double only)`);
  }
}

/**
 * A connector reached with an app registration (MDE, Entra ID, Exchange Online): configured when any of its
 * credentials is set, and then all of them must be; plain http only with its insecure flag.
 */
function appRegistration(
  e: Env,
  prefix: AppPrefix,
  label: string,
  apiUrlVar: 'MDE_API_URL' | 'GRAPH_API_URL',
  problems: string[],
): AppRegistration | undefined {
  const credentials = clientCredentials(e, prefix, label, problems);
  const loginVar = `${prefix}_LOGIN_URL` as const;
  const insecure = e[`${prefix}_ALLOW_INSECURE_HTTP`];
  if (e[`${prefix}_TENANT_ID`] || e[`${prefix}_CLIENT_ID`] || e[`${prefix}_CLIENT_SECRET`] || e[`${prefix}_CLIENT_SECRET_FILE`])
    requireHttps({ [apiUrlVar]: e[apiUrlVar], [loginVar]: e[loginVar] }, `${prefix}_ALLOW_INSECURE_HTTP`, insecure, problems);
  if (!credentials) return undefined;
  return {
    ...credentials,
    apiUrl: e[apiUrlVar].replace(/\/+$/, ''),
    loginUrl: e[loginVar].replace(/\/+$/, ''),
    allowInsecureHttp: insecure,
    requestTimeoutMs: e[`${prefix}_REQUEST_TIMEOUT_SECONDS`] * 1000,
  };
}

function mdeConfig(e: Env, problems: string[]): QuellConfig['mde'] {
  const registration = appRegistration(e, 'MDE', 'MDE', 'MDE_API_URL', problems);
  return registration && { ...registration, followMs: e.MDE_FOLLOW_SECONDS * 1000 };
}

/** The Falcon connector: configured when any FALCON_ credential is set, and then all of them must be; plain http only with its insecure flag. */
function falconConfig(e: Env, problems: string[]): FalconClient | undefined {
  const clientId = e.FALCON_CLIENT_ID;
  if (!clientId && !e.FALCON_CLIENT_SECRET && !e.FALCON_CLIENT_SECRET_FILE) return undefined;
  if (!clientId) problems.push('FALCON_CLIENT_ID: required when the CrowdStrike Falcon connector is configured');
  requireHttps({ FALCON_API_URL: e.FALCON_API_URL }, 'FALCON_ALLOW_INSECURE_HTTP', e.FALCON_ALLOW_INSECURE_HTTP, problems);
  const secret = secretSetting(e, 'FALCON_CLIENT_SECRET', problems);
  if (!clientId || !secret) return undefined;
  return {
    clientId,
    clientSecret: () => secret,
    apiUrl: e.FALCON_API_URL.replace(/\/+$/, ''),
    allowInsecureHttp: e.FALCON_ALLOW_INSECURE_HTTP,
    requestTimeoutMs: e.FALCON_REQUEST_TIMEOUT_SECONDS * 1000,
    followMs: e.FALCON_FOLLOW_SECONDS * 1000,
  };
}

/**
 * The Okta connector: configured when any of its org, client id or key is set, and then all must be
 * (the key inline or in a file, a key id from OKTA_KEY_ID or the JWK's kid); https unless the insecure flag.
 */
function oktaConfig(e: Env, problems: string[]): OktaServiceApp | undefined {
  const { OKTA_ORG_URL: orgUrl, OKTA_CLIENT_ID: clientId, OKTA_PRIVATE_KEY: inline } = e;
  if (!orgUrl && !clientId && !inline && !e.OKTA_PRIVATE_KEY_FILE && !e.OKTA_KEY_ID) return undefined;
  if (!orgUrl) problems.push('OKTA_ORG_URL: required when the Okta connector is configured');
  else requireHttps({ OKTA_ORG_URL: orgUrl }, 'OKTA_ALLOW_INSECURE_HTTP', e.OKTA_ALLOW_INSECURE_HTTP, problems);
  if (orgUrl && new URL(orgUrl).pathname.replace(/\/+$/, ''))
    problems.push('OKTA_ORG_URL: the org URL alone (https://example.okta.com), without a path');
  if (!clientId) problems.push('OKTA_CLIENT_ID: required when the Okta connector is configured');
  let text = secretSetting(e, 'OKTA_PRIVATE_KEY', problems);
  let kid = e.OKTA_KEY_ID;
  if (text) {
    try {
      const parsed = parseSigningKey(text);
      kid ??= parsed.kid;
      if (!kid) problems.push("OKTA_KEY_ID: required unless the JWK carries a kid (the key's KID on the Okta app's public keys)");
    } catch (err) {
      problems.push(`${inline ? 'OKTA_PRIVATE_KEY' : 'OKTA_PRIVATE_KEY_FILE'}: ${(err as Error).message}`);
      text = undefined;
    }
  }
  if (!orgUrl || !clientId || !text || !kid) return undefined;
  const key = text;
  return {
    orgUrl: orgUrl.replace(/\/+$/, ''),
    clientId,
    privateKey: () => key,
    keyId: kid,
    scopes: e.OKTA_SCOPES.trim().split(/\s+/),
    allowInsecureHttp: e.OKTA_ALLOW_INSECURE_HTTP,
    requestTimeoutMs: e.OKTA_REQUEST_TIMEOUT_SECONDS * 1000,
  };
}

/** `OIDC_*`: none set means sign-in is off; the issuer set means the client id and a role map must be too. */
function oidcConfig(e: Env, given: string[], problems: string[]): OidcConfig | undefined {
  const set = given.filter((k) => k.startsWith('OIDC_'));
  if (!set.length) return undefined;
  const before = problems.length;
  if (!e.OIDC_ISSUER) {
    problems.push(`OIDC_ISSUER: required when sign-in is configured (${set.join(', ')} set)`);
    return undefined;
  }
  if (!e.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID: required when OIDC_ISSUER is set');
  const secret = e.OIDC_CLIENT_SECRET || e.OIDC_CLIENT_SECRET_FILE ? secretSetting(e, 'OIDC_CLIENT_SECRET', problems) : undefined;
  requireHttps(
    { OIDC_ISSUER: e.OIDC_ISSUER, ...(e.OIDC_REDIRECT_URI ? { OIDC_REDIRECT_URI: e.OIDC_REDIRECT_URI } : {}) },
    'OIDC_ALLOW_INSECURE_HTTP',
    e.OIDC_ALLOW_INSECURE_HTTP,
    problems,
  );
  if (!e.OIDC_SCOPES.split(/\s+/).includes('openid')) problems.push("OIDC_SCOPES: must include 'openid'");
  const roleMap: Record<string, Role> = {};
  if (!e.OIDC_ROLE_MAP)
    problems.push('OIDC_ROLE_MAP: required when OIDC_ISSUER is set (a JSON object of group or role value → Quell role)');
  else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(e.OIDC_ROLE_MAP);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.keys(parsed).length)
      problems.push('OIDC_ROLE_MAP: expected a non-empty JSON object such as {"soc-analysts":"analyst","soc-leads":"approver"}');
    else
      for (const [group, role] of Object.entries(parsed)) {
        if (!(ROLES as readonly unknown[]).includes(role))
          problems.push(`OIDC_ROLE_MAP: '${group}' maps to '${String(role)}', not one of ${ROLES.join(', ')}`);
        else roleMap[group] = role as Role;
      }
  }
  if (!e.OIDC_CLIENT_ID || problems.length > before) return undefined;
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    ...(secret ? { clientSecret: () => secret } : {}),
    audience: e.OIDC_AUDIENCE ?? e.OIDC_CLIENT_ID,
    redirectUri: e.OIDC_REDIRECT_URI,
    scopes: e.OIDC_SCOPES,
    roleClaim: e.OIDC_ROLE_CLAIM,
    roleMap,
    clockSkewSeconds: e.OIDC_CLOCK_SKEW_SECONDS,
    sessionMs: e.OIDC_SESSION_HOURS * 3600_000,
    providerName: e.OIDC_PROVIDER_NAME,
    allowInsecureHttp: e.OIDC_ALLOW_INSECURE_HTTP,
  };
}

/** `ALERT_WRITEBACK`: formats Quell can write back to, each with the credentials it needs (Graph: the ENTRA_ app registration). */
function writebackConfig(e: Env, graph: boolean, problems: string[]): QuellConfig['writeback'] {
  const formats: WritableFormat[] = [];
  for (const f of new Set(e.ALERT_WRITEBACK)) {
    if (!(WRITABLE_FORMATS as readonly string[]).includes(f))
      problems.push(`ALERT_WRITEBACK: '${f}' cannot be written back (supported: ${WRITABLE_FORMATS.join(', ')})`);
    else if (f === 'msgraph' && !graph)
      problems.push(
        'ALERT_WRITEBACK: msgraph write-back uses the Microsoft Graph app registration; set ENTRA_TENANT_ID, ENTRA_CLIENT_ID and a secret',
      );
    else formats.push(f as WritableFormat);
  }
  return { formats };
}

/** `AUDIT_STREAM_URL` and an optional bearer token (inline or in a file, not both); https unless the insecure flag. */
function auditStreamConfig(e: Env, problems: string[]): QuellConfig['auditStream'] {
  const tokenGiven = Boolean(e.AUDIT_STREAM_TOKEN || e.AUDIT_STREAM_TOKEN_FILE);
  if (!e.AUDIT_STREAM_URL) {
    if (tokenGiven) problems.push('AUDIT_STREAM_TOKEN: set only with AUDIT_STREAM_URL');
    return undefined;
  }
  requireHttps({ AUDIT_STREAM_URL: e.AUDIT_STREAM_URL }, 'AUDIT_STREAM_ALLOW_INSECURE_HTTP', e.AUDIT_STREAM_ALLOW_INSECURE_HTTP, problems);
  const token = tokenGiven ? secretSetting(e, 'AUDIT_STREAM_TOKEN', problems) : undefined;
  return {
    url: e.AUDIT_STREAM_URL,
    token: token ? () => token : undefined,
    batchSize: e.AUDIT_STREAM_BATCH_SIZE,
    retryMaxMs: e.AUDIT_STREAM_RETRY_MAX_SECONDS * 1000,
    timeoutMs: e.AUDIT_STREAM_TIMEOUT_SECONDS * 1000,
  };
}

/** Validates the environment once; one error lists every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): QuellConfig {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([k, v]) => k in envSchema.shape && v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(blankAsUnset);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (Boolean(e.TEMPORAL_TLS_CERT) !== Boolean(e.TEMPORAL_TLS_KEY)) {
    problems.push('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together');
  }
  const mde = mdeConfig(e, problems);
  const entra = appRegistration(e, 'ENTRA', 'Entra ID', 'GRAPH_API_URL', problems);
  const exchange = appRegistration(e, 'EXCHANGE', 'Exchange Online', 'GRAPH_API_URL', problems);
  const falcon = falconConfig(e, problems);
  const okta = oktaConfig(e, problems);
  const chat = chatConfig(e, problems);
  const writeback = writebackConfig(e, Boolean(entra), problems);
  const oidc = oidcConfig(e, Object.keys(blankAsUnset), problems);
  const auditStream = auditStreamConfig(e, problems);
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const sources = loadSources(e.SOURCES_CONFIG, problems, (name) => secretSetting(given, name, problems));
  if (problems.length) throw new ConfigError(problems);
  return {
    role: e.QUELL_ROLE,
    http: { host: e.HOST, port: e.PORT, bodyLimit: e.BODY_LIMIT, trustProxy: e.TRUST_PROXY },
    limits: { authFailuresPerMinute: e.AUTH_FAILURE_LIMIT, ingestPerSecond: e.INGEST_RATE_LIMIT },
    alerts: {
      backlogLimit: e.ALERT_BACKLOG_LIMIT,
      dispatchPollMs: e.ALERT_DISPATCH_POLL_MS,
      batchFrom: e.ALERT_BATCH_FROM,
      batchSize: e.ALERT_BATCH_SIZE,
      dispatchAhead: e.ALERT_DISPATCH_AHEAD,
    },
    metrics: { host: e.METRICS_HOST, port: e.METRICS_PORT },
    tracing: tracingConfig(e),
    logLevel: e.LOG_LEVEL,
    dataDir: e.QUELL_DATA_DIR,
    playbooksDir: e.PLAYBOOKS_DIR,
    httpConnectorConfig: e.HTTP_CONNECTOR_CONFIG,
    catalogRoutes: e.CATALOG_CONNECTORS,
    mde,
    entra,
    exchange,
    falcon,
    okta,
    chat,
    sources,
    oidc,
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, embeddedPort: e.EMBEDDED_PG_PORT },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      tls: e.TEMPORAL_TLS || Boolean(e.TEMPORAL_TLS_CERT) || Boolean(e.TEMPORAL_API_KEY),
      tlsCertPath: e.TEMPORAL_TLS_CERT,
      tlsKeyPath: e.TEMPORAL_TLS_KEY,
      apiKey: e.TEMPORAL_API_KEY,
      cliPath: e.TEMPORAL_CLI,
      devPort: e.TEMPORAL_DEV_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      workflowBundlePath: e.QUELL_WORKFLOW_BUNDLE,
    },
    worker: {
      maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentWorkflowTasks: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
    },
    investigation: { maxHistoryEvents: e.INVESTIGATION_MAX_HISTORY_EVENTS },
    actions: { waitMs: e.ACTION_WAIT_SECONDS * 1000 },
    writeback,
    auditStream,
    correlation: {
      windowMs: e.CORRELATION_WINDOW_HOURS * 3600_000,
      prevalenceLimit: e.CORRELATION_PREVALENCE_LIMIT,
      mergeCap: e.CORRELATION_MERGE_CAP,
      ignore: e.CORRELATION_IGNORE,
      disabledEntityTypes: e.CORRELATION_DISABLED_ENTITY_TYPES,
      weakLinks: {
        proximityMs: e.CORRELATION_WEAK_LINK_PROXIMITY_MINUTES * 60_000,
        estateLimit: e.CORRELATION_ESTATE_LIMIT,
        estateLookbackMs: e.CORRELATION_ESTATE_LOOKBACK_DAYS * 86_400_000,
      },
    },
  };
}

/**
 * OTLP/HTTP trace export, with the standard OpenTelemetry variables: the traces endpoint as given,
 * or `/v1/traces` under the general endpoint. Each process role names its own service.
 */
function tracingConfig(e: Env): TracingConfig | undefined {
  if (e.OTEL_SDK_DISABLED) return undefined;
  const base = e.OTEL_EXPORTER_OTLP_ENDPOINT;
  const tracesUrl = e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!tracesUrl) return undefined;
  const serviceName = e.OTEL_SERVICE_NAME ?? (e.QUELL_ROLE === 'all' ? 'quell' : `quell-${e.QUELL_ROLE}`);
  return { tracesUrl, serviceName, batchDelayMs: e.OTEL_BSP_SCHEDULE_DELAY };
}

/** Injection token for the typed configuration. */
export const QUELL_CONFIG = Symbol('QUELL_CONFIG');
