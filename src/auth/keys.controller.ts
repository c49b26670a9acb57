import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Problem } from '../http/problem.js';
import { jsonSchema } from '../http/openapi.js';
import { ZodPipe } from '../http/zod.pipe.js';
import type { ApiKeyRow } from './api-key.repository.js';
import { ApiKeysService } from './api-keys.service.js';
import { Caller } from './principal.decorator.js';
import { type Principal, RequireRole, ROLES } from './roles.js';

export const createKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: z.enum(ROLES),
});
const listQuerySchema = z.strictObject({ includeRevoked: z.enum(['true', 'false']).optional() });

function mapKey(k: ApiKeyRow) {
  return {
    id: k.id,
    name: k.name,
    role: k.role,
    prefix: k.keyPrefix,
    createdBy: k.createdBy,
    createdAt: k.createdAt,
    lastUsedAt: k.lastUsedAt,
    revokedAt: k.revokedAt,
  };
}

@ApiTags('keys')
@ApiBearerAuth()
@Controller('api/v1/keys')
@RequireRole('admin')
export class KeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key; the key itself is shown only in this response' })
  @ApiBody({ schema: jsonSchema(createKeySchema) })
  async create(@Body(new ZodPipe(createKeySchema)) body: z.output<typeof createKeySchema>, @Caller() caller: Principal) {
    const { key, record } = await this.keys.create(body.name, body.role, caller.name);
    return { ...mapKey(record), key };
  }

  @Get()
  @ApiOperation({ summary: 'List API keys (never the keys themselves)' })
  async list(@Query(new ZodPipe(listQuerySchema, 'query')) q: z.output<typeof listQuerySchema>) {
    return { items: (await this.keys.list(q.includeRevoked === 'true')).map(mapKey) };
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key' })
  async revoke(@Param('id') id: string) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
      throw Problem.validation([{ path: 'id', message: 'must be a UUID' }]);
    }
    const row = await this.keys.revoke(id);
    if (!row) throw Problem.notFound(`API key ${id}`);
    return mapKey(row);
  }
}
