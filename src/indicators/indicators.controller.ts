import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RequireRole } from '../auth/roles.js';
import { jsonSchema, Responds } from '../http/openapi.js';
import { indicatorImportResultSchema, indicatorListSchema, indicatorPageSchema, indicatorResponse } from './indicator.dto.js';
import { Problem } from '../http/problem.js';
import { limitParam, multi, uuidParam } from '../http/query.js';
import { ZodParam, ZodPipe, ZodQuery } from '../http/zod.pipe.js';
import {
  csvHeader,
  csvRecords,
  indicatorSchema,
  MAX_IMPORT,
  type ParsedImport,
  parseCsvRows,
  parseStix,
  stixBundleSchema,
} from './indicator-import.js';
import { INDICATOR_TYPES, INDICATOR_VERDICTS } from './indicator-values.js';
import { IndicatorsRepository } from './indicators.repository.js';

const MAX_BATCH = 1000;
const batchSchema = z.array(indicatorSchema).min(1).max(MAX_BATCH);
const listQuery = z.strictObject({
  type: multi(z.enum(INDICATOR_TYPES)).optional(),
  verdict: multi(z.enum(INDICATOR_VERDICTS)).optional(),
  value: z.string().trim().min(1).max(4096).optional(),
  limit: limitParam(),
  cursor: z.string().max(512).optional(),
});
const importQuery = z.strictObject({ format: z.enum(['stix', 'csv']) });
/** CSV travels inside JSON: the API accepts only JSON bodies (see requireJsonBody in app.factory.ts). */
const csvBody = z.strictObject({ csv: z.string().min(1, 'must hold a header line and rows') });

const one = new ZodPipe(indicatorSchema);
const batch = new ZodPipe(batchSchema);
const stix = new ZodPipe(stixBundleSchema);
const csv = new ZodPipe(csvBody);

function parseCsvBody(body: unknown): ParsedImport {
  const [header, ...records] = csvRecords(csv.transform(body).csv);
  const layout = header ? csvHeader(header.fields) : { error: 'is empty' };
  if ('error' in layout) throw Problem.validation([{ path: 'csv', message: layout.error }]);
  if (records.length > MAX_IMPORT) throw Problem.validation([{ path: 'csv', message: `has more than ${MAX_IMPORT} rows` }]);
  return parseCsvRows(records, layout.columns);
}

/** Threat-intelligence indicators: what the reputation functions of the enrichment catalog answer from. */
@ApiTags('indicators')
@ApiBearerAuth()
@Controller('api/v1/indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsRepository) {}

  @Post()
  @HttpCode(201)
  @RequireRole('analyst')
  @ApiOperation({
    operationId: 'createIndicators',
    summary: `Add or update one indicator or up to ${MAX_BATCH} (upsert by type and value); values are stored normalised`,
  })
  @Responds({ ok: { 201: indicatorListSchema } })
  @ApiBody({ schema: { oneOf: [jsonSchema(indicatorSchema), { type: 'array', items: jsonSchema(indicatorSchema), maxItems: MAX_BATCH }] } })
  async create(@Body() body: unknown) {
    const rows = Array.isArray(body) ? batch.transform(body) : [one.transform(body)];
    return { items: await this.indicators.upsert(rows) };
  }

  @Get()
  @RequireRole('reader')
  @ApiOperation({
    operationId: 'listIndicators',
    summary: 'List indicators, newest first; filter by type, verdict, value (matched in normalised form); cursor paging',
  })
  @Responds({ ok: { 200: indicatorPageSchema } })
  list(@ZodQuery(listQuery) q: z.output<typeof listQuery>) {
    return this.indicators.list(q);
  }

  @Delete(':id')
  @HttpCode(200)
  @RequireRole('analyst')
  @ApiOperation({ operationId: 'deleteIndicator', summary: 'Delete an indicator; answers with the deleted row' })
  @Responds({ ok: { 200: indicatorResponse }, problems: [404] })
  async delete(@ZodParam('id', uuidParam) id: string) {
    const row = await this.indicators.delete(id);
    if (!row) throw Problem.notFound(`Indicator ${id}`);
    return row;
  }

  @Post('import')
  @HttpCode(200)
  @RequireRole('analyst')
  @Responds({ ok: { 200: indicatorImportResultSchema } })
  @ApiOperation({
    operationId: 'importIndicators',
    summary: 'Import a STIX 2.1 bundle or CSV',
    description:
      '`format=stix`: the bundle as the body; indicator patterns on file hashes, url, ipv4/ipv6-addr and domain-name values. ' +
      '`format=csv`: `{"csv": "type,value,verdict,source,description\\n…"}`. Valid rows are stored; bad ones are reported by line or index.',
  })
  @ApiBody({ schema: { oneOf: [jsonSchema(stixBundleSchema), jsonSchema(csvBody)] } })
  async import(@ZodQuery(importQuery) q: z.output<typeof importQuery>, @Body() body: unknown) {
    const parsed = q.format === 'stix' ? parseStix(stix.transform(body)) : parseCsvBody(body);
    const stored = await this.indicators.upsert(parsed.rows);
    return { imported: stored.length, skipped: parsed.skipped, errors: parsed.errors };
  }
}
