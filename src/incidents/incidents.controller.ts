import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireRole } from '../auth/roles.js';
import { Problem } from '../http/problem.js';
import { positiveIntParam } from '../http/query.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { IncidentsRepository, mapIncidentSummary } from './incidents.repository.js';

export const incidentETag = (id: number, version: number) => `"${id}-${version}"`;

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsRepository) {}

  @Get(':id')
  @RequireRole('reader')
  @ApiOperation({ summary: 'One incident with its alerts, impacted assets and activity; ETag for conditional updates' })
  async get(@Param('id', new ZodPipe(positiveIntParam, 'param', 'id')) id: number, @Res({ passthrough: true }) res: Response) {
    const incident = await this.incidents.findById(id);
    if (!incident) throw Problem.notFound(`Incident ${id}`);
    res.setHeader('ETag', incidentETag(incident.id, incident.version));
    const [alerts, activity] = await Promise.all([this.incidents.alertsOf(id), this.incidents.activityOf(id)]);
    return { ...mapIncidentSummary(incident), impactedAssets: incident.impactedAssets, alerts, activity };
  }
}
