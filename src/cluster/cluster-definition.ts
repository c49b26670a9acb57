import { z } from 'zod';

/**
 * What `npm run cluster` runs, and what docker-compose.yml must match (a unit test compares them):
 * PostgreSQL, one Temporal server on it, one Quell API process and N worker processes.
 */
export const CLUSTER_SERVICES = ['postgres', 'temporal', 'api', 'worker'] as const;

/** Fixed when the schema is first set up: the server refuses to start with another count later. */
export const HISTORY_SHARDS = 4;

/** Temporal keeps membership ports in a PostgreSQL smallint: they must stay below 32768. */
const MAX_MEMBERSHIP_PORT = 32767 - 6;

export const clusterEnvSchema = z
  .object({
    QUELL_WORKERS: z.coerce.number().int().min(1).max(32).default(2),
    TEMPORAL_SERVER_PORT: z.coerce.number().int().min(1024).max(65000).default(7233),
    TEMPORAL_MEMBERSHIP_PORT: z.coerce.number().int().min(1024).max(MAX_MEMBERSHIP_PORT).optional(),
  })
  .transform((e, ctx) => {
    const membership = e.TEMPORAL_MEMBERSHIP_PORT ?? e.TEMPORAL_SERVER_PORT - 300;
    if (membership > MAX_MEMBERSHIP_PORT)
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_MEMBERSHIP_PORT'],
        message: `membership ports are stored as a smallint: set TEMPORAL_MEMBERSHIP_PORT to at most ${MAX_MEMBERSHIP_PORT}`,
      });
    return { ...e, TEMPORAL_MEMBERSHIP_PORT: membership };
  });
export type ClusterEnv = z.output<typeof clusterEnvSchema>;

export class ClusterConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid cluster configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ClusterConfigError';
  }
}

export function loadClusterEnv(env: NodeJS.ProcessEnv = process.env): ClusterEnv {
  const parsed = clusterEnvSchema.safeParse(env);
  if (!parsed.success) throw new ClusterConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return parsed.data;
}

export interface TemporalServicePorts {
  grpc: number;
  membership: number;
}

/**
 * Temporal's usual layout from the frontend port: 7233 frontend (HTTP 7243), 7234 history, 7235
 * matching, 7239 worker; membership ports at the same offsets from theirs (6933 by default).
 */
export function temporalPorts(
  frontend: number,
  membership = frontend - 300,
): {
  frontend: TemporalServicePorts & { http: number };
  history: TemporalServicePorts;
  matching: TemporalServicePorts;
  worker: TemporalServicePorts;
} {
  const svc = (grpc: number) => ({ grpc, membership: membership + grpc - frontend });
  return {
    frontend: { ...svc(frontend), http: frontend + 10 },
    history: svc(frontend + 1),
    matching: svc(frontend + 2),
    worker: svc(frontend + 6),
  };
}

/** Temporal's two databases sit beside Quell's on the same server, named after it. */
export function temporalDatabases(quellDatabase: string): { main: string; visibility: string } {
  return { main: `${quellDatabase}_temporal`, visibility: `${quellDatabase}_temporal_visibility` };
}

export interface SqlEndpoint {
  host: string;
  port: number;
  user: string;
}

/**
 * The `temporal-sql-tool` runs that set up one database: create it, create the versioning tables,
 * then apply every versioned schema step (idempotent: already-applied versions are skipped).
 * `exists` skips the steps a previous run did (the tool's create and setup fail on a second run).
 * The password travels in the tool's SQL_PASSWORD variable, never on a command line.
 */
export function schemaSteps(
  endpoint: SqlEndpoint,
  database: string,
  versionedDir: string,
  exists: { database: boolean; versioning: boolean } = { database: false, versioning: false },
): string[][] {
  const base = ['--plugin', 'postgres12', '--ep', endpoint.host, '-p', String(endpoint.port), '-u', endpoint.user, '--db', database];
  const steps: string[][] = [];
  if (!exists.database) steps.push([...base, 'create-database']);
  if (!exists.versioning) steps.push([...base, 'setup-schema', '-v', '0.0']);
  steps.push([...base, 'update-schema', '-d', versionedDir]);
  return steps;
}

/** The environment of a Quell process in the cluster: the role, and where the database and Temporal are. */
export function quellProcessEnv(
  role: 'api' | 'worker',
  opts: { databaseUrl: string; temporalAddress: string },
): { QUELL_ROLE: 'api' | 'worker'; DATABASE_URL: string; TEMPORAL_ADDRESS: string } {
  return { QUELL_ROLE: role, DATABASE_URL: opts.databaseUrl, TEMPORAL_ADDRESS: opts.temporalAddress };
}
