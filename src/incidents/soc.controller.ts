import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RequireRole } from '../auth/roles.js';
import { isoTime } from '../http/query.js';
import { Problem } from '../http/problem.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { SocMetricsRepository } from './soc-metrics.repository.js';

const periodQuery = z.strictObject({ since: isoTime.optional(), until: isoTime.optional() });

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1')
export class SocController {
  constructor(private readonly metrics: SocMetricsRepository) {}

  @Get('tags')
  @RequireRole('reader')
  @ApiOperation({ summary: 'Tags in use, with counts' })
  async tags() {
    return { items: await this.metrics.tags() };
  }

  @Get('metrics/soc')
  @RequireRole('reader')
  @ApiOperation({ summary: 'SOC metrics: volumes, time to assign and resolve, automation share, classifications, open backlog' })
  soc(@Query(new ZodPipe(periodQuery, 'query')) q: z.output<typeof periodQuery>) {
    const until = q.until ? new Date(q.until) : new Date();
    const since = q.since ? new Date(q.since) : new Date(until.getTime() - 30 * 86_400_000);
    if (since >= until) throw Problem.validation([{ path: 'query.since', message: 'must be before until' }]);
    return this.metrics.compute(since, until);
  }
}
