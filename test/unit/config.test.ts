import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('loadConfig', () => {
  it('configures chat message editing and Teams proactive cards, and names what is missing without showing a secret', () => {
    const problemsOf = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };
    const slack = { SLACK_SIGNING_SECRET: 'signing-secret-1' };
    const bot = loadConfig({ ...slack, SLACK_BOT_TOKEN: 'xoxb-bot-token-1', SLACK_CHANNEL: 'C0SOC' }).chat.slack!.bot!;
    expect([bot.token(), bot.channel, bot.apiUrl]).toEqual(['xoxb-bot-token-1', 'C0SOC', 'https://slack.com/api']);
    const noChannel = problemsOf({ ...slack, SLACK_BOT_TOKEN: 'xoxb-bot-token-1' });
    expect(noChannel).toEqual([expect.stringMatching(/^SLACK_CHANNEL: required with SLACK_BOT_TOKEN/)]);
    expect(problemsOf({ ...slack, SLACK_BOT_TOKEN: 'xoxb-bot-token-1', SLACK_CHANNEL: '#soc' })[0]).toMatch(
      /^SLACK_CHANNEL: expected a channel id/,
    );
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-bot-token-1', SLACK_CHANNEL: 'C0SOC' })[0]).toMatch(/need SLACK_SIGNING_SECRET/);

    const teams = { TEAMS_APP_ID: 'bot-app-id', TEAMS_CONVERSATION_ID: '19:abc@thread.tacv2' };
    const missing = problemsOf(teams);
    expect(missing.map((p) => p.split(':')[0]).sort()).toEqual(['TEAMS_APP_PASSWORD or TEAMS_APP_PASSWORD_FILE', 'TEAMS_SERVICE_URL']);
    const proactive = loadConfig({
      ...teams,
      TEAMS_APP_PASSWORD: 'bot-password-1',
      TEAMS_SERVICE_URL: 'https://smba.trafficmanager.net/emea/',
    }).chat.teams!.proactive!;
    expect(proactive).toMatchObject({ serviceUrl: 'https://smba.trafficmanager.net/emea', conversationId: teams.TEAMS_CONVERSATION_ID });
    expect(proactive.password()).toBe('bot-password-1');
    const insecure = problemsOf({ ...teams, TEAMS_APP_PASSWORD: 'bot-password-1', TEAMS_SERVICE_URL: 'http://127.0.0.1:1/' });
    expect(insecure).toEqual([expect.stringMatching(/^TEAMS_SERVICE_URL: must be https/)]);
    expect(JSON.stringify([noChannel, insecure])).not.toMatch(/xoxb-bot-token-1|bot-password-1/);
    expect(problemsOf({ TEAMS_CONVERSATION_ID: '19:abc@thread.tacv2' })[0]).toMatch(/need TEAMS_APP_ID/);
  });

  it('applies defaults', () => {
    const sut = loadConfig({});
    expect(sut).toMatchObject({
      role: 'all',
      http: { port: 3000, bodyLimit: 1024 * 1024 },
      temporal: { namespace: 'default', taskQueue: 'quell' },
    });
    expect(sut.correlation.windowMs).toBe(6 * 3600_000);
  });

  it('lists every bad variable in one error', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'eighty', QUELL_ROLE: 'boss', DATABASE_URL: 'mysql://x', BODY_LIMIT: 'lots', TEMPORAL_ADDRESS: 'nohost' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const vars = error!.problems.map((p) => p.split(':')[0]).sort();
    expect(vars).toEqual(['BODY_LIMIT', 'DATABASE_URL', 'PORT', 'QUELL_ROLE', 'TEMPORAL_ADDRESS']);
  });

  it('parses sizes, booleans and lists', () => {
    const sut = loadConfig({ BODY_LIMIT: '512kb', TEMPORAL_TLS: 'true', CORRELATION_IGNORE: 'ip:10.0.0.1, user:upn:scanner@x.com' });
    expect(sut.http.bodyLimit).toBe(512 * 1024);
    expect(sut.temporal.tls).toBe(true);
    expect(sut.correlation.ignore).toEqual(['ip:10.0.0.1', 'user:upn:scanner@x.com']);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).database.url).toBeUndefined();
  });

  it('routes catalog functions to connectors from a comma list or JSON, and names every bad entry with the other bad variables', () => {
    expect(loadConfig({}).catalogRoutes).toEqual({});
    expect(loadConfig({ CATALOG_CONNECTORS: 'device.info=mde, file.reputation = mde' }).catalogRoutes).toEqual({
      'device.info': 'mde',
      'file.reputation': 'mde',
    });
    expect(loadConfig({ CATALOG_CONNECTORS: '{"user.info":"okta"}' }).catalogRoutes).toEqual({ 'user.info': 'okta' });
    let error: ConfigError | undefined;
    try {
      loadConfig({ CATALOG_CONNECTORS: 'device.inf=mde,user.info=,file.reputation=mde', PORT: 'eighty' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toEqual([
      expect.stringMatching(/^PORT: /),
      expect.stringMatching(/^CATALOG_CONNECTORS: 'device.inf' is not a catalog function/),
      expect.stringMatching(/^CATALOG_CONNECTORS: user.info: expected a connector name/),
    ]);
    expect(() => loadConfig({ CATALOG_CONNECTORS: '{"device.info": 3' })).toThrow(/CATALOG_CONNECTORS: expected a JSON object/);
  });

  describe('the Defender for Endpoint connector', () => {
    const problemsOf = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };

    it('is off unless configured, and needs every credential once any is set', () => {
      expect(loadConfig({}).mde).toBeUndefined();
      expect(
        problemsOf({ MDE_CLIENT_ID: 'app', MDE_API_URL: 'http://127.0.0.1:9' })
          .map((p) => p.split(':')[0])
          .sort(),
      ).toEqual(['MDE_API_URL', 'MDE_CLIENT_SECRET or MDE_CLIENT_SECRET_FILE', 'MDE_TENANT_ID']);
      expect(problemsOf({ MDE_TENANT_ID: 't', MDE_CLIENT_ID: 'app', MDE_CLIENT_SECRET: 's', MDE_CLIENT_SECRET_FILE: '/x' })).toEqual([
        'MDE_CLIENT_SECRET or MDE_CLIENT_SECRET_FILE: set exactly one',
      ]);
    });

    it('reads the secret from a file, never shows it when the config is printed, and defaults the endpoints', () => {
      const file = join(mkdtempSync(join(tmpdir(), 'quell-mde-')), 'secret');
      writeFileSync(file, 's3cret-from-file\n');
      const sut = loadConfig({ MDE_TENANT_ID: 'contoso.onmicrosoft.com', MDE_CLIENT_ID: 'app', MDE_CLIENT_SECRET_FILE: file });
      expect(sut.mde).toMatchObject({
        apiUrl: 'https://api.securitycenter.microsoft.com',
        loginUrl: 'https://login.microsoftonline.com',
        requestTimeoutMs: 10_000,
      });
      expect(sut.mde!.clientSecret()).toBe('s3cret-from-file');
      expect(JSON.stringify(sut)).not.toContain('s3cret');
      expect(problemsOf({ MDE_TENANT_ID: 't', MDE_CLIENT_ID: 'app', MDE_CLIENT_SECRET_FILE: `${file}.missing` })).toEqual([
        'MDE_CLIENT_SECRET_FILE: cannot be read (ENOENT)',
      ]);
    });
  });

  describe('the Entra ID connector', () => {
    const problemsOf = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };

    it('is off unless configured, needs every credential once any is set, and https unless told otherwise', () => {
      expect(loadConfig({}).entra).toBeUndefined();
      expect(
        problemsOf({ ENTRA_CLIENT_ID: 'app', GRAPH_API_URL: 'http://127.0.0.1:9' })
          .map((p) => p.split(':')[0])
          .sort(),
      ).toEqual(['ENTRA_CLIENT_SECRET or ENTRA_CLIENT_SECRET_FILE', 'ENTRA_TENANT_ID', 'GRAPH_API_URL']);
      const sut = loadConfig({
        ENTRA_TENANT_ID: 'contoso.onmicrosoft.com',
        ENTRA_CLIENT_ID: 'app',
        ENTRA_CLIENT_SECRET: 'graph-s3cret',
        GRAPH_API_URL: 'http://127.0.0.1:9/',
        ENTRA_ALLOW_INSECURE_HTTP: 'true',
      });
      expect(sut.entra).toMatchObject({
        apiUrl: 'http://127.0.0.1:9',
        loginUrl: 'https://login.microsoftonline.com',
        requestTimeoutMs: 10_000,
      });
      expect(sut.entra!.clientSecret()).toBe('graph-s3cret');
      expect(JSON.stringify(sut)).not.toContain('graph-s3cret');
      expect(sut.mde).toBeUndefined();
    });
  });

  it('streams the audit log to a collector with a token from the environment or a file, never printed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quell-config-'));
    writeFileSync(join(dir, 'token'), 'tok-from-file\n');
    const sut = loadConfig({ AUDIT_STREAM_URL: 'https://siem.example/collector', AUDIT_STREAM_TOKEN_FILE: join(dir, 'token') });
    expect(sut.auditStream).toMatchObject({
      url: 'https://siem.example/collector',
      batchSize: 100,
      retryMaxMs: 300_000,
      timeoutMs: 10_000,
    });
    expect(sut.auditStream!.token!()).toBe('tok-from-file');
    expect(JSON.stringify(sut)).not.toContain('tok-from-file');
    expect(loadConfig({ AUDIT_STREAM_URL: 'https://siem.example/c' }).auditStream!.token).toBeUndefined();
    expect(loadConfig({}).auditStream).toBeUndefined();
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (err) {
        return (err as ConfigError).problems;
      }
      return [];
    };
    expect(problems({ AUDIT_STREAM_TOKEN: 'secret-1' })).toEqual(['AUDIT_STREAM_TOKEN: set only with AUDIT_STREAM_URL']);
    expect(problems({ AUDIT_STREAM_URL: 'http://siem.example/c' })[0]).toMatch(/^AUDIT_STREAM_URL: must be https/);
    expect(
      problems({ AUDIT_STREAM_URL: 'https://siem.example/c', AUDIT_STREAM_TOKEN: 'secret-1', AUDIT_STREAM_TOKEN_FILE: join(dir, 'token') }),
    ).toEqual(['AUDIT_STREAM_TOKEN or AUDIT_STREAM_TOKEN_FILE: set exactly one']);
    expect(problems({ AUDIT_STREAM_URL: 'https://siem.example/c', AUDIT_STREAM_BATCH_SIZE: '0' })[0]).toMatch(/^AUDIT_STREAM_BATCH_SIZE/);
  });
});
