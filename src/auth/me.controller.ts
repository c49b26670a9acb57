import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { component } from '../http/api-schemas.js';
import { Responds } from '../http/openapi.js';
import { Caller } from './principal.decorator.js';
import { type Principal, RequireRole, ROLES } from './roles.js';

export const meSchema = component(
  'Caller',
  z.object({ name: z.string(), role: z.enum(ROLES) }),
  "Who made the request: the API key's name and role",
);

/** Who the caller is: the console signs in with a key and shows only what its role may do. */
@ApiTags('keys')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  @Get()
  @RequireRole('reader')
  @ApiOperation({ operationId: 'getCaller', summary: 'The caller: the name and role of the API key that made the request' })
  @Responds({ ok: { 200: meSchema } })
  me(@Caller() who: Principal): z.output<typeof meSchema> {
    return { name: who.name, role: who.role };
  }
}
