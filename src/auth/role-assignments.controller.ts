import { Body, Controller, Delete, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { auditedBy } from '../audit/audit.store.js';
import { component, instant } from '../http/api-schemas.js';
import { Problem } from '../http/problem.js';
import { jsonSchema, Responds } from '../http/openapi.js';
import { uuidParam } from '../http/query.js';
import { ZodParam, ZodPipe, ZodQuery } from '../http/zod.pipe.js';
import { scopeSchema } from '../domain/scope.js';
import { Caller } from './principal.decorator.js';
import { AccessService } from './access.service.js';
import { RoleAssignmentRepository, type RoleAssignmentRow } from './role-assignment.repository.js';
import { type Principal, RequireRole, ROLES } from './roles.js';

const subject = z
  .string()
  .trim()
  .regex(/^(key|person):[^\s]{1,200}$/, 'is not a subject (key:<key id> or person:<person id>)');

const createSchema = z
  .strictObject({ subject, role: z.enum(ROLES), scope: scopeSchema })
  .refine((a) => a.scope.kind === 'all' || (a.role !== 'admin' && a.role !== 'ingest'), {
    path: ['scope'],
    message: 'admin and ingest assignments cover everything (scope kind all)',
  });
const listQuery = z.strictObject({ subject: subject.optional() });

export const roleAssignmentSchema = component(
  'RoleAssignment',
  z.object({
    id: z.uuid(),
    subject: z.string().describe('key:<key id> or person:<person id>'),
    role: z.enum(ROLES),
    scope: z.object({ kind: z.enum(['all', 'device_group', 'action_family', 'incident_tag']), value: z.string().optional() }),
    createdBy: z.string(),
    createdAt: instant,
  }),
  'A role held within a scope; a subject with any assignment has only its assignments',
);
const roleAssignmentListSchema = component('RoleAssignmentList', z.object({ items: z.array(roleAssignmentSchema) }));

const view = (r: RoleAssignmentRow): z.output<typeof roleAssignmentSchema> => ({ ...r });

@ApiTags('keys')
@ApiBearerAuth()
@Controller('api/v1/role-assignments')
@RequireRole('admin')
export class RoleAssignmentsController {
  constructor(
    private readonly assignments: RoleAssignmentRepository,
    private readonly access: AccessService,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listRoleAssignments', summary: 'Scoped role assignments, optionally of one subject' })
  @Responds({ ok: { 200: roleAssignmentListSchema } })
  async list(@ZodQuery(listQuery) q: z.output<typeof listQuery>) {
    return { items: (await this.assignments.list(q.subject)).map(view) };
  }

  @Post()
  @ApiOperation({
    operationId: 'createRoleAssignment',
    summary: 'Give a subject a role within a scope (201; 200 with the existing one when it already holds it)',
  })
  @Responds({ ok: { 200: roleAssignmentSchema, 201: roleAssignmentSchema } })
  @ApiBody({ schema: jsonSchema(createSchema) })
  async create(
    @Body(new ZodPipe(createSchema)) body: z.output<typeof createSchema>,
    @Caller() who: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { row, created } = await this.assignments.create(body, auditedBy(who));
    this.access.forget(row.subject);
    if (!created) res.status(200);
    return view(row);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ operationId: 'deleteRoleAssignment', summary: 'Remove a role assignment' })
  @Responds({ ok: { 200: roleAssignmentSchema }, problems: [404] })
  async remove(@ZodParam('id', uuidParam) id: string, @Caller() who: Principal) {
    const row = await this.assignments.delete(id, auditedBy(who));
    if (!row) throw Problem.notFound(`Role assignment ${id}`);
    this.access.forget(row.subject);
    return view(row);
  }
}
