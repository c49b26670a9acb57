import { ConfigError, loadConfig } from '../../src/config/config.js';
import { currentTraceparent, traceFields, Tracing } from '../../src/infra/tracing.js';
import { createLogger, loggerOptions } from '../../src/infra/logger.js';

describe('tracing configuration', () => {
  it('is off without an OTLP endpoint, or when the SDK is disabled', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).tracing).toBeUndefined();
  });

  it('sends to /v1/traces under the general endpoint, or to the traces endpoint as given', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing?.tracesUrl).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example.com/tenant-1' }).tracing?.tracesUrl).toBe(
      'https://otlp.example.com/tenant-1/v1/traces',
    );
    const sut = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces.example.com/ingest',
    });
    expect(sut.tracing?.tracesUrl).toBe('http://traces.example.com/ingest');
  });

  it('names the service after the process role unless OTEL_SERVICE_NAME says otherwise', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(loadConfig(endpoint).tracing?.serviceName).toBe('quell');
    expect(loadConfig({ ...endpoint, QUELL_ROLE: 'api' }).tracing?.serviceName).toBe('quell-api');
    expect(loadConfig({ ...endpoint, QUELL_ROLE: 'worker' }).tracing?.serviceName).toBe('quell-worker');
    expect(loadConfig({ ...endpoint, QUELL_ROLE: 'worker', OTEL_SERVICE_NAME: 'soc-quell' }).tracing?.serviceName).toBe('soc-quell');
  });

  it('names each bad tracing variable', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317', OTEL_BSP_SCHEDULE_DELAY: 'soon', OTEL_SDK_DISABLED: 'maybe' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'OTEL_BSP_SCHEDULE_DELAY',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_SDK_DISABLED',
    ]);
  });

  it('off, leaves no trace in logs or stored alerts', () => {
    const sut = Tracing.start(undefined, createLogger('silent'));
    expect(sut.enabled).toBe(false);
    expect(sut.spanProcessor).toBeUndefined();
    expect(traceFields()).toEqual({});
    expect(currentTraceparent()).toBeNull();
  });

  it('gives the logger its trace mixin only with tracing on', () => {
    expect(loggerOptions('info').mixin).toBeUndefined();
    expect(loggerOptions('info', true).mixin).toBe(traceFields);
  });
});
