import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const sut = loadConfig({});
    expect(sut).toMatchObject({ role: 'all', http: { port: 3000, bodyLimit: 1024 * 1024 }, temporal: { namespace: 'default', taskQueue: 'quell' } });
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
});
