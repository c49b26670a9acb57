import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Problem } from '../http/problem.js';
import { jsonSchema, Responds } from '../http/openapi.js';
import { uuidParam } from '../http/query.js';
import { ZodParam, ZodPipe, ZodQuery } from '../http/zod.pipe.js';
import { apiKeyListSchema, apiKeySchema, mapKey, newApiKeySchema } from './api-key.dto.js';
import { ApiKeysService } from './api-keys.service.js';
import { auditedBy } from '../audit/audit.store.js';
import { Caller } from './principal.decorator.js';
import { type Principal, RequireRole, ROLES } from './roles.js';

export const createKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: z.enum(ROLES),
  service: z.boolean().optional().describe('A service key, owned by no person (the default when the caller is itself a key)'),
});
const listQuerySchema = z.strictObject({ includeRevoked: z.enum(['true', 'false']).optional() });

@ApiTags('keys')
@ApiBearerAuth()
@Controller('api/v1/keys')
@RequireRole('admin')
export class KeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({ operationId: 'createApiKey', summary: 'Create an API key; the key itself is shown only in this response' })
  @Responds({ ok: { 201: newApiKeySchema } })
  @ApiBody({ schema: jsonSchema(createKeySchema) })
  async create(@Body(new ZodPipe(createKeySchema)) body: z.output<typeof createKeySchema>, @Caller() caller: Principal) {
    // A signed-in person's key acts as them (four-eyes counts them once), unless they make a service key.
    const owner = body.service ? null : (caller.person?.id ?? null);
    const { key, record } = await this.keys.create(body.name, body.role, auditedBy(caller), owner);
    return { ...mapKey(record), key };
  }

  @Get()
  @ApiOperation({ operationId: 'listApiKeys', summary: 'List API keys (never the keys themselves)' })
  @Responds({ ok: { 200: apiKeyListSchema } })
  async list(@ZodQuery(listQuerySchema) q: z.output<typeof listQuerySchema>) {
    return { items: (await this.keys.list(q.includeRevoked === 'true')).map(mapKey) };
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ operationId: 'revokeApiKey', summary: 'Revoke an API key' })
  @Responds({ ok: { 200: apiKeySchema }, problems: [404] })
  async revoke(@ZodParam('id', uuidParam) id: string, @Caller() caller: Principal) {
    const row = await this.keys.revoke(id, auditedBy(caller));
    if (!row) throw Problem.notFound(`API key ${id}`);
    return mapKey(row);
  }
}
