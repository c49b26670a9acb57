import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { Problem, problemType, titleFor, type ProblemBody } from './problem.js';

/** Errors thrown by body-parser and friends carry an HTTP status and a `type`. */
interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

export function fromHttpish(err: HttpishError, limit: number): ProblemBody | undefined {
  const status = err.status ?? err.statusCode;
  if (!status || status < 400 || status >= 500) return undefined;
  // Only the request parsers' and router's own errors speak for the request; a status on any other
  // error (a vendor API's 401, say) is that system's answer, not the caller's.
  const fromRequestParsing =
    (err as object) instanceof URIError || /^(entity|encoding|charset|request|parameters|stream)\./.test(err.type ?? '');
  if (!fromRequestParsing) return undefined;
  if (err.type === 'entity.too.large') {
    return {
      type: problemType('too-large'),
      title: titleFor(413),
      status: 413,
      detail: `The request body is larger than the limit of ${limit} bytes.`,
    };
  }
  if (err.type === 'entity.parse.failed') {
    return { type: problemType('malformed-json'), title: titleFor(400), status: 400, detail: 'The request body is not valid JSON.' };
  }
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return {
      type: problemType('unsupported-media-type'),
      title: titleFor(415),
      status: 415,
      detail: err.message ?? 'Unsupported encoding.',
    };
  }
  return {
    type: problemType('bad-request'),
    title: titleFor(status),
    status,
    detail: err.expose && err.message ? err.message : titleFor(status),
  };
}

export function sendProblem(res: Response, body: ProblemBody, headers: Record<string, string> = {}): void {
  res.status(body.status).set(headers).type('application/problem+json').send(JSON.stringify(body));
}

/** Answers with a problem raised outside Nest's routing (in a middleware). */
export function sendException(res: Response, problem: Problem): void {
  sendProblem(res, problem.getResponse() as ProblemBody, problem.headers);
}

/** Renders every error as application/problem+json; unexpected errors are logged and hidden. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(
    private readonly log: Logger,
    private readonly bodyLimit: number,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const body = this.toProblem(exception, req);
    if (!res.headersSent) sendProblem(res, body, exception instanceof Problem ? exception.headers : {});
  }

  private toProblem(exception: unknown, req: Request): ProblemBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const resp = exception.getResponse();
      if (typeof resp === 'object' && resp && 'type' in resp && 'status' in resp) return resp as ProblemBody;
      if (status === 404) {
        return { type: problemType('not-found'), title: titleFor(404), status, detail: `No route for ${req.method} ${req.path}.` };
      }
      const message = typeof resp === 'object' && resp && 'message' in resp ? (resp as { message: unknown }).message : resp;
      return {
        type: problemType('http'),
        title: titleFor(status),
        status,
        detail: Array.isArray(message) ? message.join('; ') : String(message),
      };
    }
    const httpish = typeof exception === 'object' && exception ? fromHttpish(exception as HttpishError, this.bodyLimit) : undefined;
    if (httpish) return httpish;
    this.log.error({ err: exception, method: req.method, path: req.path, reqId: req.id }, 'unhandled error');
    return {
      type: problemType('internal'),
      title: titleFor(500),
      status: 500,
      detail: 'An unexpected error occurred; it has been logged.',
    };
  }
}
