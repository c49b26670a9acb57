import {
  context,
  type Context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Logger } from 'pino';

/** Where spans go, when tracing is configured (OTLP over HTTP, JSON encoding). */
export interface TracingConfig {
  /** The full `/v1/traces` URL. */
  tracesUrl: string;
  serviceName: string;
  /** How long finished spans wait before a batch is sent. */
  batchDelayMs: number;
}

export const TRACING = Symbol('TRACING');

/**
 * The process's tracer provider. Off (no provider, no exporter, no span processor) unless an OTLP
 * endpoint is configured: the OpenTelemetry API then answers with no-op tracers, and the only
 * per-log-line cost left is the mixin's look at the active context.
 */
export class Tracing {
  private constructor(
    readonly enabled: boolean,
    /** The processor workflow spans are handed to through the worker's sink; absent when off. */
    readonly spanProcessor?: SpanProcessor,
    readonly resource?: Resource,
    private readonly provider?: NodeTracerProvider,
  ) {}

  static off(): Tracing {
    return new Tracing(false);
  }

  /** Registers the global provider, W3C trace-context propagation and the async-local context manager. */
  static start(config: TracingConfig | undefined, log: Logger): Tracing {
    if (!config) return Tracing.off();
    const resource = new Resource({ 'service.name': config.serviceName });
    const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: config.tracesUrl }), {
      scheduledDelayMillis: config.batchDelayMs,
    });
    const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
    // A provider left registered by an earlier application in this process (tests) is replaced.
    trace.disable();
    context.disable();
    propagation.disable();
    provider.register();
    log.info({ endpoint: new URL(config.tracesUrl).origin, service: config.serviceName }, 'tracing: exporting spans over OTLP');
    return new Tracing(true, spanProcessor, resource, provider);
  }

  /** Sends what is buffered and unregisters the provider. */
  async shutdown(): Promise<void> {
    if (!this.provider) return;
    await this.provider.forceFlush().catch(() => undefined);
    await this.provider.shutdown().catch(() => undefined);
    trace.disable();
    context.disable();
    propagation.disable();
  }
}

/** `trace_id` and `span_id` of the span a log line is written in (pino mixin); nothing outside one. */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const sc = span.spanContext();
  return isSpanContextValid(sc) ? { trace_id: sc.traceId, span_id: sc.spanId } : {};
}

/** The W3C `traceparent` of the active span, to store with what outlives this request; null outside a span. */
export function currentTraceparent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/** The context a stored `traceparent` continues (the root context when there is none). */
export function contextFromTraceparent(traceparent: string | null | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}

const tracer = (): Tracer => trace.getTracer('quell');

/**
 * `fetch` in a client span. The span names the method and the host only: a path or a query string
 * may carry a token (webhook URLs, signed links), so neither is recorded.
 */
export async function tracedFetch(url: string | URL, init: RequestInit & { method?: string }): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  let target: URL | undefined;
  try {
    target = new URL(url);
  } catch {
    return fetch(url, init);
  }
  const port = target.port ? Number(target.port) : target.protocol === 'https:' ? 443 : 80;
  return tracer().startActiveSpan(
    method,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': method,
        'server.address': target.hostname,
        'server.port': port,
        'url.scheme': target.protocol.replace(/:$/, ''),
      },
    },
    async (span: Span) => {
      try {
        const res = await fetch(url, init);
        span.setAttribute('http.response.status_code', res.status);
        if (res.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
        return res;
      } catch (err) {
        span.setAttribute('error.type', (err as Error).name || 'Error');
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}
