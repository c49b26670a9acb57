import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { httpMetricsMiddleware } from './http/metrics.js';
import { problemType, titleFor } from './http/problem.js';
import { fromHttpish, ProblemFilter, sendProblem } from './http/problem.filter.js';
import { requestLogger } from './http/request-logger.js';
import { PinoNestLogger } from './infra/logger.provider.js';

const JSON_TYPES = ['application/json', 'application/*+json'];

/** Bodies must be JSON (or YAML on the few routes that take playbook text). */
function requireJsonBody(req: Request, res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody || !['POST', 'PUT', 'PATCH'].includes(req.method)) return next();
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const yamlOk = req.path.startsWith('/api/v1/playbooks/') && /^(application|text)\/(x-)?yaml$/.test(type);
  if (type === 'application/json' || type.endsWith('+json') || yamlOk) return next();
  sendProblem(res, {
    type: problemType('unsupported-media-type'),
    title: titleFor(415),
    status: 415,
    detail: `Content-Type '${type || '(none)'}' is not supported; send application/json.`,
  });
}

/** Body-parser errors happen before Nest routes the request, so they are rendered here. */
function parseBodies(limit: number) {
  const parsers = [
    express.json({ limit, type: JSON_TYPES, strict: false }),
    express.text({ limit, type: ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'] }),
  ];
  return (req: Request, res: Response, next: NextFunction) => {
    const run = (i: number): void => {
      if (i === parsers.length) return next();
      parsers[i](req, res, (err?: unknown) => {
        if (!err) return run(i + 1);
        const problem = typeof err === 'object' ? fromHttpish(err as object, limit) : undefined;
        if (problem) sendProblem(res, problem);
        else next(err);
      });
    };
    run(0);
  };
}

export function buildOpenApi(app: INestApplication) {
  const config = new DocumentBuilder()
    .setTitle('Quell API')
    .setDescription('Automated investigation and response: alerts, incidents, investigations and the action center.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Quell API key' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Creates the Nest application with every HTTP concern wired; the caller decides whether to listen. */
export async function createQuellApp(opts: AppModuleOptions): Promise<NestExpressApplication> {
  const log: Logger = opts.log;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(opts), {
    bodyParser: false,
    logger: new PinoNestLogger(log.child({ component: 'nest' })),
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.use(requestLogger(log.child({ component: 'http' })));
  app.use(httpMetricsMiddleware);
  app.use(requireJsonBody);
  app.use(parseBodies(opts.config.http.bodyLimit));
  app.useGlobalFilters(new ProblemFilter(log.child({ component: 'http' }), opts.config.http.bodyLimit));
  if (opts.config.role !== 'worker') {
    const document = buildOpenApi(app);
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', raw: ['json'] });
  }
  return app;
}
