import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Caller } from '../auth/principal.decorator.js';
import { type Principal, RequireRole } from '../auth/roles.js';
import { isoTime } from '../http/query.js';
import { Problem } from '../http/problem.js';
import { ZodQuery } from '../http/zod.pipe.js';
import { Responds } from '../http/openapi.js';
import { socMetricsSchema, tagListSchema } from './incident.dto.js';
import { SocMetricsRepository } from './soc-metrics.repository.js';

const periodQuery = z.strictObject({ since: isoTime.optional(), until: isoTime.optional() });

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1')
export class SocController {
  constructor(private readonly metrics: SocMetricsRepository) {}

  @Get('tags')
  @RequireRole('reader')
  @ApiOperation({ operationId: 'listTags', summary: 'Tags in use, with counts' })
  @Responds({ ok: { 200: tagListSchema } })
  async tags(@Caller() who: Principal) {
    return { items: await this.metrics.tags(who.scope) };
  }

  @Get('metrics/soc')
  @RequireRole('reader')
  @ApiOperation({
    operationId: 'getSocMetrics',
    summary: 'SOC metrics: volumes, time to assign and resolve, automation share, classifications, open backlog',
  })
  @Responds({ ok: { 200: socMetricsSchema } })
  soc(@ZodQuery(periodQuery) q: z.output<typeof periodQuery>, @Caller() who: Principal) {
    const until = q.until ? new Date(q.until) : new Date();
    const since = q.since ? new Date(q.since) : new Date(until.getTime() - 30 * 86_400_000);
    if (since >= until) throw Problem.validation([{ path: 'query.since', message: 'must be before until' }]);
    return this.metrics.compute(since, until, who.scope);
  }
}
