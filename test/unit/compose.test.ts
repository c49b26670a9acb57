import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  CLUSTER_SERVICES,
  HISTORY_SHARDS,
  loadClusterEnv,
  quellProcessEnv,
  schemaSteps,
  temporalDatabases,
  temporalPorts,
} from '../../src/cluster/cluster-definition.js';
import { envSchema, loadConfig } from '../../src/config/config.js';
import { projectRoot } from '../../src/infra/paths.js';
import { TEMPORAL_SERVER_VERSION } from '../../src/infra/temporal-server.js';

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, unknown>;
  healthcheck?: { test: string[] };
  command?: string[];
  volumes?: string[];
  deploy?: { replicas?: number };
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(projectRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
  };
  const s = compose.services;

  it('has the services npm run cluster runs, the two Temporal set-up jobs and the UI, each with a health check where others wait on it', () => {
    const jobs = ['temporal-schema', 'temporal-namespace'];
    expect(Object.keys(s).sort()).toEqual([...CLUSTER_SERVICES, ...jobs, 'temporal-ui'].sort());
    for (const name of CLUSTER_SERVICES) expect(s[name].healthcheck?.test.length).toBeGreaterThan(0);
    expect(s['temporal-ui'].image).toMatch(/^temporalio\/ui/);
  });

  it('runs the maintained server image of the release npm run cluster builds, never the deprecated auto-setup', () => {
    const release = TEMPORAL_SERVER_VERSION.replace(/^v/, '');
    expect(s.temporal.image).toBe(`temporalio/server:${release}`);
    for (const job of ['temporal-schema', 'temporal-namespace']) expect(s[job].image).toBe(`temporalio/admin-tools:${release}`);
    expect(JSON.stringify(compose)).not.toContain('auto-setup');
    expect(s.temporal.depends_on).toEqual({ 'temporal-schema': { condition: 'service_completed_successfully' } });
    for (const name of ['api', 'worker'])
      expect(s[name].depends_on).toMatchObject({ 'temporal-namespace': { condition: 'service_completed_successfully' } });
  });

  it('sets up the same databases with the same schema steps, shard count, dynamic config and ports as npm run cluster', () => {
    const env = s.temporal.environment!;
    const db = new URL(loadConfig(s.api.environment!).database.url!);
    const names = temporalDatabases(db.pathname.slice(1));
    expect(env).toMatchObject({ DB: 'postgres12', DBNAME: names.main, VISIBILITY_DBNAME: names.visibility });
    expect(Number(env.NUM_HISTORY_SHARDS)).toBe(HISTORY_SHARDS);
    expect(env.POSTGRES_SEEDS).toBe(db.hostname);
    expect(env.POSTGRES_USER).toBe(db.username);
    expect(env.POSTGRES_PWD).toBe(db.password);
    expect(s['temporal-schema'].environment!.SQL_PASSWORD).toBe(db.password);

    const endpoint = { host: db.hostname, port: Number(db.port), user: db.username };
    const dir = (kind: string) => `/etc/temporal/schema/postgresql/v12/${kind}/versioned`;
    const expected = [
      ...schemaSteps(endpoint, names.main, dir('temporal')),
      ...schemaSteps(endpoint, names.visibility, dir('visibility')),
    ].map((args) => ['temporal-sql-tool', ...args].join(' '));
    const script = s['temporal-schema'].command!.join('\n');
    const run = script
      .split('\n')
      .filter((l) => l.trim().startsWith('temporal-sql-tool'))
      .map((l) => l.replace(/\|\| true\s*$/, '').trim());
    expect(run).toEqual(expected);

    const [mount, target] = s.temporal.volumes![0].split(':');
    expect(mount).toBe('./deploy/temporal/dynamic-config.yaml');
    expect(target).toBe(env.DYNAMIC_CONFIG_FILE_PATH);

    const cluster = loadClusterEnv({});
    expect(s.temporal.ports).toEqual([`${temporalPorts(cluster.TEMPORAL_SERVER_PORT).frontend.grpc}:7233`]);
    expect(s.worker.deploy?.replicas).toBe(cluster.QUELL_WORKERS);
    for (const role of ['api', 'worker'] as const) {
      const expectedEnv = quellProcessEnv(role, { databaseUrl: db.toString(), temporalAddress: 'temporal:7233' });
      expect({ ...s[role].environment, DATABASE_URL: new URL(s[role].environment!.DATABASE_URL).toString() }).toMatchObject(expectedEnv);
    }
  });

  it('runs the API and the workers as separate roles of one image, with valid configuration', () => {
    expect(s.api.environment!.QUELL_ROLE).toBe('api');
    expect(s.worker.environment!.QUELL_ROLE).toBe('worker');
    expect(s.worker.ports).toBeUndefined();
    for (const name of ['api', 'worker']) {
      const env = s[name].environment!;
      for (const key of Object.keys(env)) expect(Object.keys(envSchema.shape)).toContain(key);
      expect(() => loadConfig(env)).not.toThrow();
    }
  });

  it('wires the API port, the database and Temporal to the services that provide them', () => {
    const env = s.api.environment!;
    const config = loadConfig(env);
    expect(s.api.ports).toContain(`${config.http.port}:${config.http.port}`);
    expect(config.http.host).toBe('0.0.0.0');
    const db = new URL(config.database.url!);
    expect(db.hostname).toBe('postgres');
    expect(db.username).toBe(s.postgres.environment!.POSTGRES_USER);
    expect(db.password).toBe(s.postgres.environment!.POSTGRES_PASSWORD);
    expect(db.pathname).toBe(`/${s.postgres.environment!.POSTGRES_DB}`);
    expect(config.temporal.address).toBe('temporal:7233');
    expect(s.temporal.environment!.POSTGRES_SEEDS).toBe('postgres');
    expect(Object.keys(s.api.depends_on!)).toEqual(expect.arrayContaining(['postgres', 'temporal-namespace']));
    expect(Object.keys(s['temporal-namespace'].depends_on!)).toEqual(['temporal']);
  });
});
