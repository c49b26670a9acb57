import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApi } from '../../src/app.factory.js';
import { AppModule } from '../../src/app.module.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/infra/logger.js';

/**
 * The OpenAPI document `/openapi.json` serves, built without a database or Temporal: Nest's preview
 * mode reads the routes' metadata and instantiates nothing.
 */
export async function openApiDocument(): Promise<OpenAPIObject> {
  const config = loadConfig({ QUELL_ROLE: 'api', LOG_LEVEL: 'silent' });
  const backends = { databaseUrl: 'postgres://offline.invalid/none', temporalAddress: 'offline.invalid:7233' };
  const app = await NestFactory.create(AppModule.forRoot({ config, backends, log: createLogger('silent') }), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return buildOpenApi(app);
  } finally {
    await app.close();
  }
}
