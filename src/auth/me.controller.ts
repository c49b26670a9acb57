import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { component } from '../http/api-schemas.js';
import { Responds } from '../http/openapi.js';
import { Caller } from './principal.decorator.js';
import { type Principal, RequireRole, ROLES } from './roles.js';

export const meSchema = component(
  'Caller',
  z.object({
    name: z.string(),
    role: z.enum(ROLES),
    subject: z.string().describe('The stable identity decisions are counted by: `person:<id>` for a person, `key:<id>` for a service key'),
    person: z
      .object({
        id: z.uuid(),
        name: z.string(),
        email: z.string().nullable(),
        issuer: z.string().describe('The OpenID provider that vouches for the person'),
      })
      .nullable()
      .describe('The person acting (signed in, or through a key they own); null for a service key'),
  }),
  "Who made the request: the name, role and identity of the key, session or token's person",
);

/** Who the caller is: the console signs in with a key and shows only what its role may do. */
@ApiTags('keys')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  @Get()
  @RequireRole('reader')
  @ApiOperation({ operationId: 'getCaller', summary: 'The caller: name, role and the person behind the key, session or token' })
  @Responds({ ok: { 200: meSchema } })
  me(@Caller() who: Principal): z.output<typeof meSchema> {
    const p = who.person;
    return {
      name: who.name,
      role: who.role,
      subject: who.subject,
      person: p ? { id: p.id, name: p.name, email: p.email, issuer: p.issuer } : null,
    };
  }
}
