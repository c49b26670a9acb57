import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { AccessService } from './auth/access.service.js';
import { ApiKeysService } from './auth/api-keys.service.js';
import { DataSource } from 'typeorm';
import { SLACK_INTERACTIONS_PATH } from './auth/roles.js';
import { authenticate } from './auth/authenticate.js';
import { serveConsole } from './console/console.js';
import { FailureBackoff } from './auth/failure-backoff.js';
import { AuthFailureAudit } from './audit/auth-failure-audit.js';
import { OidcService } from './people/oidc.service.js';
import { inputHygiene } from './http/input-hygiene.js';
import { completeDocument, zodSchemaConverter } from './http/openapi.js';
import { httpMetricsMiddleware } from './http/metrics.js';
import { problemType, titleFor } from './http/problem.js';
import { fromHttpish, ProblemFilter, sendProblem } from './http/problem.filter.js';
import { requestLogger } from './http/request-logger.js';
import { httpServerSpans } from './http/tracing.middleware.js';
import { PinoNestLogger } from './infra/logger.provider.js';
import { Tracing } from './infra/tracing.js';

const JSON_TYPES = ['application/json', 'application/*+json'];

/** Bodies must be JSON (or YAML on the few routes that take playbook text). */
function requireJsonBody(req: Request, res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody || !['POST', 'PUT', 'PATCH'].includes(req.method)) return next();
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const yamlOk = req.path.startsWith('/api/v1/playbooks/') && /^(application|text)\/(x-)?yaml$/.test(type);
  // Slack posts its interactions as a form; the body is kept as text, since its signature covers the exact bytes.
  const slackOk = req.path === SLACK_INTERACTIONS_PATH && type === 'application/x-www-form-urlencoded';
  if (type === 'application/json' || type.endsWith('+json') || yamlOk || slackOk) return next();
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
    express.text({
      limit,
      type: ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'application/x-www-form-urlencoded'],
    }),
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
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'Quell API key',
      description:
        'An opaque Quell API key (`qk_…`), sent as `Authorization: Bearer <key>`. It carries no claims: Quell checks it against ' +
        'the hash it stored when the key was made. Keys are created with `npm run quell -- keys create` or by an admin through `POST /api/v1/keys`.',
    })
    .build();
  return completeDocument(SwaggerModule.createDocument(app, config, { standardSchemaConverter: zodSchemaConverter }));
}

/**
 * Security headers on every answer. The analyst console, served from Quell itself, lives under this
 * policy: its own scripts only, no framing, no plugins; inline styles for the API docs page and the
 * console's code editor.
 */
const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
});

/**
 * Express with exact routing: `/API/v1/keys` or `/api/v1/keys/` are other paths, not aliases. The
 * router reads these settings once, when it is created, so they are set before Nest touches it.
 */
function strictExpress() {
  const instance = express();
  instance.set('case sensitive routing', true);
  instance.set('strict routing', true);
  return new ExpressAdapter(instance);
}

/** Creates the Nest application with every HTTP concern wired; the caller decides whether to listen. */
export async function createQuellApp(opts: AppModuleOptions): Promise<NestExpressApplication> {
  const log: Logger = opts.log;
  const tracing = opts.tracing ?? Tracing.start(opts.config.tracing, log.child({ component: 'tracing' }));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ ...opts, tracing }), strictExpress(), {
    bodyParser: false,
    logger: new PinoNestLogger(log.child({ component: 'nest' })),
    abortOnError: false,
  });
  const { limits } = opts.config;
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.set('trust proxy', opts.config.http.trustProxy);
  if (tracing.enabled) app.use(httpServerSpans());
  app.use(requestLogger(log.child({ component: 'http' })));
  app.use(httpMetricsMiddleware);
  app.use(securityHeaders);
  if (opts.config.role !== 'worker') {
    app.use(
      authenticate(
        app.get(ApiKeysService),
        app.get(AccessService),
        limits.authFailuresPerMinute > 0 ? new FailureBackoff(limits.authFailuresPerMinute) : undefined,
        new AuthFailureAudit(app.get(DataSource), log.child({ component: 'audit' })),
        app.get(OidcService),
      ),
    );
    app.use(serveConsole());
  }
  app.use(requireJsonBody);
  app.use(parseBodies(opts.config.http.bodyLimit));
  app.use(inputHygiene);
  app.useGlobalFilters(new ProblemFilter(log.child({ component: 'http' }), opts.config.http.bodyLimit));
  if (opts.config.role !== 'worker') {
    const document = buildOpenApi(app);
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', raw: ['json'] });
  }
  return app;
}
