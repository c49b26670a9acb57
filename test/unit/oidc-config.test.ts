import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    return (err as ConfigError).problems;
  }
  return [];
};

describe('OpenID Connect settings', () => {
  const base = {
    OIDC_ISSUER: 'https://login.example.com/tenant/v2.0',
    OIDC_CLIENT_ID: 'quell',
    OIDC_ROLE_MAP: '{"soc-analysts":"analyst","soc-leads":"approver"}',
  };

  it('is off when no OIDC_ variable is set', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
  });

  it('reads the issuer, client, audience (the client id by default), role map and skew; the secret from a file, never printed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quell-oidc-'));
    writeFileSync(join(dir, 'secret'), 's3cret\n');
    const sut = loadConfig({ ...base, OIDC_CLIENT_SECRET_FILE: join(dir, 'secret'), OIDC_CLOCK_SKEW_SECONDS: '30' }).oidc!;
    expect(sut).toMatchObject({
      issuer: base.OIDC_ISSUER,
      clientId: 'quell',
      audience: 'quell',
      roleClaim: 'groups',
      roleMap: { 'soc-analysts': 'analyst', 'soc-leads': 'approver' },
      clockSkewSeconds: 30,
    });
    expect(sut.clientSecret!()).toBe('s3cret');
    expect(JSON.stringify(sut)).not.toContain('s3cret');
  });

  it('lists every bad OIDC setting at boot', () => {
    expect(problemsOf({ OIDC_CLIENT_ID: 'quell' })).toEqual([expect.stringMatching(/^OIDC_ISSUER: required/)]);
    const problems = problemsOf({
      OIDC_ISSUER: 'http://login.example.com',
      OIDC_ROLE_MAP: '{"soc":"superuser"}',
      OIDC_SCOPES: 'profile',
      OIDC_CLIENT_SECRET: 'a',
      OIDC_CLIENT_SECRET_FILE: '/nonexistent',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'OIDC_CLIENT_ID',
      'OIDC_CLIENT_SECRET or OIDC_CLIENT_SECRET_FILE',
      'OIDC_ISSUER',
      'OIDC_ROLE_MAP',
      'OIDC_SCOPES',
    ]);
    expect(problems.join('\n')).not.toContain('/nonexistent');
    expect(problemsOf({ ...base, OIDC_ROLE_MAP: '[]' })).toEqual([
      expect.stringMatching(/^OIDC_ROLE_MAP: expected a non-empty JSON object/),
    ]);
    expect(problemsOf({ ...base, OIDC_CLOCK_SKEW_SECONDS: '9999' }).map((p) => p.split(':')[0])).toEqual(['OIDC_CLOCK_SKEW_SECONDS']);
  });
});
