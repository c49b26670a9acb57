import { randomBytes } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Caller } from '../auth/principal.decorator.js';
import { type Principal, RequireRole } from '../auth/roles.js';
import { jsonSchema } from '../http/openapi.js';
import { Problem } from '../http/problem.js';
import { uuidParam } from '../http/query.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { WEBHOOK_EVENTS } from './events.js';

const createSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2048),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
});
const COLUMNS = `id, url, events, created_by AS "createdBy", created_at AS "createdAt", last_status AS "lastStatus",
  last_delivery_at AS "lastDeliveryAt", last_error AS "lastError", left(secret, 10) AS "secretPrefix"`;
const idPipe = new ZodPipe(uuidParam, 'param', 'id');

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('api/v1/webhooks')
@RequireRole('admin')
export class WebhooksController {
  constructor(private readonly db: DataSource) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe a URL to events; the signing secret is shown only in this response' })
  @ApiBody({ schema: jsonSchema(createSchema) })
  async create(@Body(new ZodPipe(createSchema)) body: z.output<typeof createSchema>, @Caller() who: Principal) {
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const [row] = await this.db.query(`INSERT INTO webhooks (url, events, secret, created_by) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`, [
      body.url,
      [...new Set(body.events)],
      secret,
      who.name,
    ]);
    return { ...row, secret };
  }

  @Get()
  async list() {
    return { items: await this.db.query(`SELECT ${COLUMNS} FROM webhooks ORDER BY created_at, id`) };
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'Recent deliveries of a webhook with their status' })
  async deliveries(@Param('id', idPipe) id: string) {
    if (!(await this.db.query('SELECT 1 FROM webhooks WHERE id = $1', [id])).length) throw Problem.notFound(`Webhook ${id}`);
    return {
      items: await this.db.query(
        `SELECT id::text, event, event_id AS "eventId", status, attempts, last_status_code AS "lastStatusCode", last_error AS "lastError",
                created_at AS "createdAt", delivered_at AS "deliveredAt", next_attempt_at AS "nextAttemptAt"
         FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT 100`,
        [id],
      ),
    };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', idPipe) id: string) {
    const [, affected]: [unknown[], number] = await this.db.query('DELETE FROM webhooks WHERE id = $1', [id]);
    if (!affected) throw Problem.notFound(`Webhook ${id}`);
  }
}
