import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { ScopeRepository } from '../auth/scope.repository.js';
import { Caller } from '../auth/principal.decorator.js';
import { type Principal, RequireRole } from '../auth/roles.js';
import { jsonSchema, Responds } from '../http/openapi.js';
import { positiveIntParam } from '../http/query.js';
import { ZodParam, ZodPipe } from '../http/zod.pipe.js';
import { rollbackAnswerSchema, rollbackOperationSchema, rollbackPlanSchema } from './rollback.dto.js';
import { RollbackService } from './rollback.service.js';

const rollbackSchema = z.strictObject({
  confirm: z.boolean().default(false).describe('Without it (or false) the answer is the plan and nothing changes'),
  comment: z.string().max(2000).optional(),
});
const operationId = z.string().regex(/^rollback-[1-9][0-9]*-[1-9][0-9]*$/, 'is not a rollback id');

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class RollbackController {
  constructor(
    private readonly rollbacks: RollbackService,
    private readonly scopes: ScopeRepository,
  ) {}

  @Get(':id/rollback')
  @RequireRole('reader')
  @ApiOperation({
    operationId: 'getRollbackPlan',
    summary: 'What a rollback would undo (the automated actions, the last taken first) and what a person must reverse by hand',
  })
  @Responds({ ok: { 200: rollbackPlanSchema }, problems: [404] })
  async plan(@ZodParam('id', positiveIntParam) id: number, @Caller() who: Principal) {
    await this.scopes.incident(id, who.scope);
    return this.rollbacks.plan(id);
  }

  @Post(':id/rollback')
  @HttpCode(200)
  @RequireRole('approver')
  @ApiOperation({
    operationId: 'rollbackIncident',
    summary:
      'Undo every reversible action automation took for the incident, in reverse order, as one tracked operation: 202 once started with confirm: true; without it, 200 with the plan and nothing changed',
  })
  @Responds({ ok: { 200: rollbackAnswerSchema, 202: rollbackAnswerSchema }, problems: [404, 409] })
  @ApiBody({ schema: jsonSchema(rollbackSchema) })
  async rollback(
    @ZodParam('id', positiveIntParam) id: number,
    @Body(new ZodPipe(rollbackSchema.optional())) body: z.output<typeof rollbackSchema> | undefined,
    @Caller() who: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.scopes.incident(id, who.scope);
    const answer = await this.rollbacks.rollback(id, body?.confirm ?? false, who, body?.comment);
    if (answer.confirmed) res.status(202);
    return answer;
  }

  @Get(':id/rollback/:operationId')
  @RequireRole('reader')
  @ApiOperation({ operationId: 'getRollback', summary: 'A rollback operation: its status and each action’s result' })
  @Responds({ ok: { 200: rollbackOperationSchema }, problems: [404] })
  async operation(
    @ZodParam('id', positiveIntParam) id: number,
    @ZodParam('operationId', operationId) op: string,
    @Caller() who: Principal,
  ) {
    await this.scopes.incident(id, who.scope);
    return this.rollbacks.operation(id, op);
  }
}
