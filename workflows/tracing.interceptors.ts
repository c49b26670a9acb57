/** Not a workflow: the workflow interceptors every bundle registers (`workflowInterceptorModules`). */
import type { Headers } from '@temporalio/common';
import type {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow/index.js';
import type {
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptors,
  WorkflowInternalsInterceptor,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

/** The header the OpenTelemetry interceptors carry a trace in (`TRACE_HEADER` of the package). */
export const TRACE_HEADER = '_tracer-data';

type Otel = {
  inbound: OpenTelemetryInboundInterceptor;
  outbound: OpenTelemetryOutboundInterceptor;
  internals: OpenTelemetryInternalsInterceptor;
};

/**
 * OpenTelemetry spans inside the workflow sandbox, exported through the worker's `exporter` sink,
 * for a run that was started, signalled or updated with a trace in its headers: a client with
 * tracing on puts it there. A run without one (tracing off) passes straight through, makes no span
 * and never loads the OpenTelemetry modules: every run evaluates its own copy of the modules it
 * loads, so they are bundled `eager` (no chunk of their own) but evaluated only on first use. The
 * choice is made from history alone (headers), so a replay makes the same one; spans make no
 * commands, and sinks are not called during replay.
 */
export const interceptors = (): WorkflowInterceptors => {
  let otel: Otel | undefined;
  let loading: Promise<Otel> | undefined;
  const load = () =>
    (loading ??= import(/* webpackMode: "eager" */ '@temporalio/interceptors-opentelemetry/lib/workflow/index.js').then((m) => {
      otel = {
        inbound: new m.OpenTelemetryInboundInterceptor(),
        outbound: new m.OpenTelemetryOutboundInterceptor(),
        internals: new m.OpenTelemetryInternalsInterceptor(),
      };
      return otel;
    }));
  /** Runs `untraced` at once for a call without a trace; loads the interceptors for one with a trace. */
  const inbound = <T>(headers: Headers, traced: (o: Otel) => Promise<T>, untraced: () => Promise<T>): Promise<T> =>
    otel ? traced(otel) : headers[TRACE_HEADER] !== undefined ? load().then(traced) : untraced();

  const inboundCalls: WorkflowInboundCallsInterceptor = {
    execute: (input, next) =>
      inbound(
        input.headers,
        (o) => o.inbound.execute(input, next),
        () => next(input),
      ),
    handleSignal: (input, next) =>
      inbound(
        input.headers,
        (o) => o.inbound.handleSignal(input, next),
        () => next(input),
      ),
    handleUpdate: (input, next) =>
      inbound(
        input.headers,
        (o) => o.inbound.handleUpdate(input, next),
        () => next(input),
      ),
    // Synchronous: traced once the interceptors are loaded (by the traced start, signal or update before it).
    validateUpdate: (input, next) => (otel ? otel.inbound.validateUpdate(input, next) : next(input)),
  };

  const outboundCalls: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: (input, next) => otel?.outbound.scheduleActivity(input, next) ?? next(input),
    scheduleLocalActivity: (input, next) => otel?.outbound.scheduleLocalActivity(input, next) ?? next(input),
    startChildWorkflowExecution: (input, next) => otel?.outbound.startChildWorkflowExecution(input, next) ?? next(input),
    signalWorkflow: (input, next) => otel?.outbound.signalWorkflow(input, next) ?? next(input),
    continueAsNew: (input, next) => otel?.outbound.continueAsNew(input, next) ?? next(input),
    getLogAttributes: (input, next) => otel?.outbound.getLogAttributes(input, next) ?? next(input),
  };

  // Releases the run's OpenTelemetry context manager when the run leaves the cache.
  const internals: WorkflowInternalsInterceptor = {
    dispose: (input, next) => (otel ? otel.internals.dispose(input, next) : next(input)),
  };

  return { inbound: [inboundCalls], outbound: [outboundCalls], internals: [internals] };
};
