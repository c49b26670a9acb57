import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { envSchema, loadConfig } from '../../src/config/config.js';
import { projectRoot } from '../../src/infra/paths.js';

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, unknown>;
  healthcheck?: { test: string[] };
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(projectRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
  };
  const s = compose.services;

  it('has the production services, each with a health check where others wait on it', () => {
    expect(Object.keys(s).sort()).toEqual(['api', 'postgres', 'temporal', 'temporal-ui', 'worker']);
    for (const name of ['postgres', 'temporal', 'api', 'worker']) expect(s[name].healthcheck?.test.length).toBeGreaterThan(0);
    expect(s.temporal.image).toMatch(/^temporalio\//);
    expect(s['temporal-ui'].image).toMatch(/^temporalio\/ui/);
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
    expect(Object.keys(s.api.depends_on!)).toEqual(expect.arrayContaining(['postgres', 'temporal']));
  });
});
