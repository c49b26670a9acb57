import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { jsonSchema } from '../http/openapi.js';
import { Caller } from './principal.decorator.js';
import { type Principal, RequireRole, ROLES } from './roles.js';

export const meSchema = z.object({ name: z.string(), role: z.enum(ROLES) });

/** Who the caller is: the console signs in with a key and shows only what its role may do. */
@ApiTags('keys')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  @Get()
  @RequireRole('reader')
  @ApiOperation({ summary: 'The caller: the name and role of the API key that made the request' })
  @ApiOkResponse({ schema: jsonSchema(meSchema) })
  me(@Caller() who: Principal): z.infer<typeof meSchema> {
    return { name: who.name, role: who.role };
  }
}
