/** Not a workflow: the workflow interceptors every bundle registers (`workflowInterceptorModules`). */
import type { Headers } from '@temporalio/common';
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation.js';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow/index.js';
import type { WorkflowInboundCallsInterceptor, WorkflowInterceptors, WorkflowOutboundCallsInterceptor } from '@temporalio/workflow';

/**
 * OpenTelemetry spans inside the workflow sandbox, exported through the worker's `exporter` sink,
 * for a run that was started, signalled or updated with a trace in its headers: a client with
 * tracing on puts it there. A run without one (tracing off) passes straight through and makes no
 * span. The choice is made from history alone (headers), so a replay makes the same one; spans make
 * no commands and sinks are not called during replay.
 */
export const interceptors = (): WorkflowInterceptors => {
  let otel: { inbound: OpenTelemetryInboundInterceptor; outbound: OpenTelemetryOutboundInterceptor } | undefined;
  const tracedBy = (headers: Headers) => {
    if (!otel && headers[TRACE_HEADER] !== undefined)
      otel = { inbound: new OpenTelemetryInboundInterceptor(), outbound: new OpenTelemetryOutboundInterceptor() };
    return otel;
  };

  const inbound: WorkflowInboundCallsInterceptor = {
    execute: (input, next) => tracedBy(input.headers)?.inbound.execute(input, next) ?? next(input),
    handleSignal: (input, next) => tracedBy(input.headers)?.inbound.handleSignal(input, next) ?? next(input),
    handleUpdate: (input, next) => tracedBy(input.headers)?.inbound.handleUpdate(input, next) ?? next(input),
    validateUpdate: (input, next) => {
      const t = tracedBy(input.headers);
      if (t) t.inbound.validateUpdate(input, next);
      else next(input);
    },
  };

  const outbound: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: (input, next) => otel?.outbound.scheduleActivity(input, next) ?? next(input),
    scheduleLocalActivity: (input, next) => otel?.outbound.scheduleLocalActivity(input, next) ?? next(input),
    startChildWorkflowExecution: (input, next) => otel?.outbound.startChildWorkflowExecution(input, next) ?? next(input),
    signalWorkflow: (input, next) => otel?.outbound.signalWorkflow(input, next) ?? next(input),
    continueAsNew: (input, next) => otel?.outbound.continueAsNew(input, next) ?? next(input),
    getLogAttributes: (input, next) => otel?.outbound.getLogAttributes(input, next) ?? next(input),
  };

  return { inbound: [inbound], outbound: [outbound], internals: [new OpenTelemetryInternalsInterceptor()] };
};
