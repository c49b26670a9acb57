import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Caller } from '../auth/principal.decorator.js';
import { type Principal, RequireRole } from '../auth/roles.js';
import { component, instant } from '../http/api-schemas.js';
import { Responds } from '../http/openapi.js';
import { uuidParam } from '../http/query.js';
import { ZodParam, ZodQuery } from '../http/zod.pipe.js';
import { PeopleService } from './people.service.js';
import type { PersonRow } from './person.repository.js';

export const personSchema = component(
  'Person',
  z.object({
    id: z.uuid(),
    name: z.string(),
    email: z.string().nullable(),
    issuer: z.string().describe('The OpenID provider that vouches for the person'),
    subject: z.string().describe("The provider's subject (`sub`) for the person"),
    firstSeenAt: instant,
    lastSeenAt: instant,
    deactivatedAt: instant.nullable().describe('When an administrator deactivated the person; null while active'),
    deactivatedBy: z.string().nullable(),
  }),
  'A person the OpenID provider has vouched for',
);
const personListSchema = component('PersonList', z.object({ items: z.array(personSchema) }));
export const deactivationSchema = component(
  'PersonDeactivation',
  z.object({
    person: personSchema,
    deactivated: z.boolean().describe('False when the person was deactivated already: nothing more was done'),
    sessionsEnded: z.number().int().nonnegative(),
    keysRevoked: z.array(z.uuid()).describe('The API keys the person owned, now revoked'),
    assignmentsRemoved: z.array(z.uuid()).describe('The role assignments the person held, now removed'),
    approvalsWithdrawn: z
      .array(z.string())
      .describe('Pending actions whose approvals no longer count the person (approvals that completed a quorum stand)'),
  }),
  'What deactivating a person did: sessions ended, keys revoked, assignments removed, pending approvals withdrawn',
);
const reactivationSchema = component(
  'PersonReactivation',
  z.object({
    person: personSchema,
    reactivated: z.boolean().describe('False when the person was active already: nothing was done'),
  }),
  'A person who may sign in again; the sessions, keys, role assignments and approvals their deactivation ended stay ended',
);
const listQuery = z.strictObject({ includeDeactivated: z.enum(['true', 'false']).optional() });

const view = (p: PersonRow): z.output<typeof personSchema> => ({
  id: p.id,
  name: p.name,
  email: p.email,
  issuer: p.issuer,
  subject: p.subject,
  firstSeenAt: p.firstSeenAt,
  lastSeenAt: p.lastSeenAt,
  deactivatedAt: p.deactivatedAt,
  deactivatedBy: p.deactivatedBy,
});

@ApiTags('keys')
@ApiBearerAuth()
@Controller('api/v1/people')
@RequireRole('admin')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @ApiOperation({ operationId: 'listPeople', summary: 'People who have signed in (deactivated ones with includeDeactivated=true)' })
  @Responds({ ok: { 200: personListSchema } })
  async list(@ZodQuery(listQuery) q: z.output<typeof listQuery>) {
    return { items: (await this.people.list(q.includeDeactivated === 'true')).map(view) };
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'deactivatePerson',
    summary:
      'A person leaves: end their sessions, revoke their keys, remove their role assignments, withdraw their approvals of pending actions; audited',
  })
  @Responds({ ok: { 200: deactivationSchema }, problems: [404, 409] })
  async deactivate(@ZodParam('id', uuidParam) id: string, @Caller() who: Principal) {
    const d = await this.people.deactivate(id, who);
    return { ...d, person: view(d.person) };
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'reactivatePerson',
    summary: 'A person deactivated by mistake, or who came back, may sign in again; nothing the deactivation ended comes back; audited',
  })
  @Responds({ ok: { 200: reactivationSchema }, problems: [404] })
  async reactivate(@ZodParam('id', uuidParam) id: string, @Caller() who: Principal) {
    const r = await this.people.reactivate(id, who);
    return { ...r, person: view(r.person) };
  }
}
