import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    return (err as ConfigError).problems.map((p) => p.split(':')[0]).sort();
  }
};

describe('CrowdStrike Falcon settings', () => {
  it('are off unless a FALCON_ credential is set, and then need the client id and exactly one secret, over https', () => {
    expect(loadConfig({}).falcon).toBeUndefined();
    expect(problemsOf({ FALCON_CLIENT_SECRET: 's', FALCON_API_URL: 'http://127.0.0.1:9' })).toEqual(['FALCON_API_URL', 'FALCON_CLIENT_ID']);
    expect(problemsOf({ FALCON_CLIENT_ID: 'c', FALCON_CLIENT_SECRET: 's', FALCON_CLIENT_SECRET_FILE: '/x' })).toEqual([
      'FALCON_CLIENT_SECRET or FALCON_CLIENT_SECRET_FILE',
    ]);
    expect(problemsOf({ FALCON_CLIENT_ID: 'c' })).toEqual(['FALCON_CLIENT_SECRET or FALCON_CLIENT_SECRET_FILE']);
  });

  it('default to the US-1 cloud and read the secret from a file without showing it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'quell-falcon-')), 'secret');
    writeFileSync(file, 'falcon-s3cret\n');
    const sut = loadConfig({ FALCON_CLIENT_ID: 'c', FALCON_CLIENT_SECRET_FILE: file, FALCON_FOLLOW_SECONDS: '120' }).falcon!;
    expect(sut).toMatchObject({
      clientId: 'c',
      apiUrl: 'https://api.crowdstrike.com',
      allowInsecureHttp: false,
      requestTimeoutMs: 10_000,
      followMs: 120_000,
    });
    expect(sut.clientSecret()).toBe('falcon-s3cret');
    expect(JSON.stringify(sut)).not.toContain('falcon-s3cret');
    expect(
      loadConfig({ FALCON_CLIENT_ID: 'c', FALCON_CLIENT_SECRET: 's', FALCON_API_URL: 'https://api.eu-1.crowdstrike.com/' }).falcon!.apiUrl,
    ).toBe('https://api.eu-1.crowdstrike.com');
    expect(problemsOf({ FALCON_CLIENT_ID: 'c', FALCON_CLIENT_SECRET_FILE: `${file}.missing` })).toEqual(['FALCON_CLIENT_SECRET_FILE']);
  });
});
